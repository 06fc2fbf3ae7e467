package dev.lathe.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    @Test
    void manyItemsBeforeAFlushBecomeOneUpdate() {
        List<Runnable> pending = new ArrayList<>();
        List<List<Integer>> applied = new ArrayList<>();
        Coalescer<Integer> c = new Coalescer<>(pending::add, Runnable::run, applied::add);

        for (int i = 0; i < 500; i++) {
            c.add(i);
        }
        assertEquals(1, pending.size(), "one flush is scheduled however many items arrive");
        pending.removeFirst().run();
        assertEquals(1, applied.size());
        assertEquals(500, applied.getFirst().size());

        c.add(500);
        assertEquals(1, pending.size(), "the next item after a flush schedules the next one");
        List<String> order = new ArrayList<>();
        c.flushNow(() -> order.add("after"));
        assertEquals(List.of(500), applied.get(1));
        assertEquals(List.of("after"), order);
    }
}
