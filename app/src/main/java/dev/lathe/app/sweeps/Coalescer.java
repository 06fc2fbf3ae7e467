package dev.lathe.app.sweeps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Collects items from any thread and applies them in batches: the first item after a flush schedules one flush
 * on the flush executor (in the app: the FX thread, 150 ms later), and everything that arrives meanwhile rides
 * along. A sweep's metric events can come by the hundred a second; the UI sees at most one update per interval.
 */
final class Coalescer<E> {
    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor delayed;
    private final Executor now;
    private final Consumer<List<E>> apply;

    /**
     * @param delayed runs a flush after the coalescing interval, on the thread that may apply
     * @param now     runs a flush at once on that same thread (for the end of a stream)
     */
    Coalescer(Executor delayed, Executor now, Consumer<List<E>> apply) {
        this.delayed = delayed;
        this.now = now;
        this.apply = apply;
    }

    void add(E item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            delayed.execute(this::flush);
        }
    }

    /** Applies what is queued without waiting for the interval, then runs after on the same thread. */
    void flushNow(Runnable after) {
        now.execute(() -> {
            flush();
            after.run();
        });
    }

    private void flush() {
        // cleared before draining: an item added during the drain schedules a new flush rather than being stranded
        scheduled.set(false);
        List<E> batch = new ArrayList<>();
        for (E item; (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            apply.accept(batch);
        }
    }
}
