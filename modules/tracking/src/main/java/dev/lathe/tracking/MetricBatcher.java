package dev.lathe.tracking;

import dev.lathe.workspace.MetricRepository.RunPoint;
import dev.lathe.workspace.Workspace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Collects metric points from any number of threads and writes them from one thread, one transaction per
 * batch of at most {@code batchPoints}: a batch goes as soon as it is full, or {@code flushMillis} after its
 * first point. {@link #flush()} returns once every point logged before it is committed. Logging blocks only
 * while {@code maxPending} points wait, so a fast producer cannot run the process out of memory.
 */
final class MetricBatcher implements AutoCloseable {
    private final Workspace workspace;
    private final int batchPoints;
    private final long flushNanos;
    private final int maxPending;
    private final LongConsumer batchTimer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasWork = lock.newCondition();
    private final Condition progressed = lock.newCondition();
    /** Full batches waiting for the writer, oldest first. */
    private final ArrayDeque<List<RunPoint>> full = new ArrayDeque<>();
    /** The batch being filled. */
    private List<RunPoint> filling;
    private long fillingSince;
    private long pendingPoints;
    private long enqueued;
    private long written;
    private boolean flushRequested;
    private boolean closed;
    private RuntimeException failure;
    private final Thread thread;

    MetricBatcher(Workspace workspace, int batchPoints, long flushMillis, int maxPending, LongConsumer batchTimer) {
        this.workspace = workspace;
        this.batchPoints = batchPoints;
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        this.maxPending = maxPending;
        this.batchTimer = batchTimer;
        this.filling = new ArrayList<>(batchPoints);
        this.thread = Thread.ofPlatform().name("lathe-metric-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    void add(RunPoint point) {
        lock.lock();
        try {
            throwIfFailed();
            if (closed) {
                throw new IllegalStateException("the tracker is closed; metric " + point.key() + " was not logged");
            }
            while (pendingPoints >= maxPending && failure == null) {
                progressed.awaitUninterruptibly();
            }
            throwIfFailed();
            if (filling.isEmpty()) {
                fillingSince = System.nanoTime();
            }
            filling.add(point);
            pendingPoints++;
            enqueued++;
            if (filling.size() >= batchPoints) {
                full.add(filling);
                filling = new ArrayList<>(batchPoints);
                hasWork.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until every point added before this call is committed to the workspace. */
    void flush() {
        lock.lock();
        try {
            long target = enqueued;
            flushRequested = true;
            hasWork.signal();
            while (written < target && failure == null) {
                progressed.awaitUninterruptibly();
            }
            throwIfFailed();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new TrackingException("metric points could not be written: " + failure.getMessage(), failure);
        }
    }

    /** The next batch to write, or null when there is nothing to write and the batcher is closed. */
    private List<RunPoint> nextBatch() throws InterruptedException {
        while (true) {
            if (!full.isEmpty()) {
                return full.poll();
            }
            boolean due = !filling.isEmpty()
                    && (closed || flushRequested || System.nanoTime() - fillingSince >= flushNanos);
            if (due) {
                List<RunPoint> batch = filling;
                filling = new ArrayList<>(batchPoints);
                return batch;
            }
            if (filling.isEmpty()) {
                flushRequested = false;
                if (closed) {
                    return null;
                }
            }
            long wait = filling.isEmpty() ? flushNanos : flushNanos - (System.nanoTime() - fillingSince);
            hasWork.awaitNanos(Math.max(wait, 1_000));
        }
    }

    private void loop() {
        while (true) {
            List<RunPoint> batch;
            lock.lock();
            try {
                batch = nextBatch();
                if (batch == null) {
                    progressed.signalAll();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            RuntimeException error = null;
            long start = System.nanoTime();
            try {
                workspace.metrics().writeBatch(batch);
            } catch (RuntimeException e) {
                error = e;
            }
            long took = System.nanoTime() - start;
            lock.lock();
            try {
                if (error != null) {
                    failure = error;
                } else {
                    written += batch.size();
                    pendingPoints -= batch.size();
                    if (batchTimer != null) {
                        batchTimer.accept(took);
                    }
                }
                progressed.signalAll();
                if (failure != null) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            hasWork.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            throwIfFailed();
        } finally {
            lock.unlock();
        }
    }
}
