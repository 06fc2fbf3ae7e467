package dev.lathe.training.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.training.TrainingException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
    /** 150 rows in three classes of 50, like iris; 10 rows of a fourth class. */
    private static final int[] CLASSES = IntStream.range(0, 160).map(i -> i < 150 ? i / 50 : 3).toArray();

    @Test
    void stratifiedHoldsOutTheFractionOfEachClass() {
        Split split = Split.stratified(CLASSES, 4, 0.2, 7);

        assertEquals(32, split.validation().length);
        assertEquals(128, split.train().length);
        int[] perClass = new int[4];
        for (int row : split.validation()) {
            perClass[CLASSES[row]]++;
        }
        assertEquals("[10, 10, 10, 2]", Arrays.toString(perClass));
        int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())).sorted().toArray();
        assertEquals(160, all.length);
        assertEquals(160, Arrays.stream(all).distinct().count(), "no row on both sides");
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertEquals(Split.stratified(CLASSES, 4, 0.2, 7), Split.stratified(CLASSES, 4, 0.2, 7));
        assertNotEquals(Split.stratified(CLASSES, 4, 0.2, 7), Split.stratified(CLASSES, 4, 0.2, 8));
        assertEquals(Split.shuffled(100, 0.25, 3), Split.shuffled(100, 0.25, 3));
        assertNotEquals(Split.shuffled(100, 0.25, 3), Split.shuffled(100, 0.25, 4));
        assertEquals(25, Split.shuffled(100, 0.25, 3).validation().length);
    }

    @Test
    void smallClassesKeepARowOnEachSide() {
        Split split = Split.stratified(new int[] {0, 0, 1, 1, 1, 2}, 3, 0.05, 1);

        assertEquals(2, split.validation().length, "one row of each class with two or more");
        assertEquals(4, split.train().length);
    }

    @Test
    void tooFewRowsIsAnError() {
        assertThrows(TrainingException.class, () -> Split.stratified(new int[] {0, 1}, 2, 0.2, 1));
    }
}
