package dev.lathe.training.tabular;

import dev.lathe.training.TrainingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which rows train and which validate. Both arrays are sorted row indexes; the same inputs and seed always give
 * the same split.
 */
public record Split(int[] train, int[] validation) {

    /**
     * Holds out about {@code fraction} of each class, so small classes are represented on both sides. A class
     * with one row stays in training; a class with two or more always gives at least one row to validation and
     * keeps at least one.
     *
     * @param classOfRow the class index of every row
     */
    public static Split stratified(int[] classOfRow, int classes, double fraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int row = 0; row < classOfRow.length; row++) {
            byClass.get(classOfRow[row]).add(row);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> rows : byClass) {
            Collections.shuffle(rows, random);
            int held = holdOut(rows.size(), fraction);
            validation.addAll(rows.subList(0, held));
            train.addAll(rows.subList(held, rows.size()));
        }
        return of(train, validation);
    }

    /** Holds out about {@code fraction} of the rows, chosen at random (for regression). */
    public static Split shuffled(int rows, double fraction, long seed) {
        List<Integer> all = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            all.add(row);
        }
        Collections.shuffle(all, new Random(seed));
        int held = holdOut(rows, fraction);
        return of(all.subList(held, rows), all.subList(0, held));
    }

    private static int holdOut(int size, double fraction) {
        if (size < 2) {
            return 0;
        }
        return Math.clamp(Math.round(size * fraction), 1, size - 1);
    }

    private static Split of(List<Integer> train, List<Integer> validation) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new TrainingException("too few rows to split into training and validation ("
                    + (train.size() + validation.size()) + " rows; each class needs at least 2)");
        }
        int[] t = train.stream().mapToInt(Integer::intValue).toArray();
        int[] v = validation.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(t);
        Arrays.sort(v);
        return new Split(t, v);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Split s && Arrays.equals(train, s.train) && Arrays.equals(validation, s.validation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
    }

    @Override
    public String toString() {
        return "Split[train=" + train.length + " rows, validation=" + validation.length + " rows]";
    }
}
