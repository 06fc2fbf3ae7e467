package dev.lathe.tracking;

import dev.lathe.workspace.MetricRepository.RunPoint;
import dev.lathe.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Collects metric points from any number of threads and writes them from one thread, one transaction per
 * batch: when {@code batchPoints} are waiting or {@code flushMillis} passed since the oldest. {@link #flush()}
 * returns once every point logged before it is committed. Logging blocks only when {@code maxPending} points
 * wait, so a fast producer cannot run the process out of memory.
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
    private List<RunPoint> pending = new ArrayList<>();
    private long enqueued;
    private long written;
    private long oldestPendingAt;
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
            while (pending.size() >= maxPending && failure == null) {
                hasWork.signal();
                progressed.awaitUninterruptibly();
            }
            throwIfFailed();
            if (pending.isEmpty()) {
                oldestPendingAt = System.nanoTime();
            }
            pending.add(point);
            enqueued++;
            if (pending.size() >= batchPoints) {
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

    private void loop() {
        while (true) {
            List<RunPoint> batch;
            lock.lock();
            try {
                while (!closed && !flushRequested && pending.size() < batchPoints
                        && (pending.isEmpty() || System.nanoTime() - oldestPendingAt < flushNanos)) {
                    long wait = pending.isEmpty() ? flushNanos : flushNanos - (System.nanoTime() - oldestPendingAt);
                    hasWork.awaitNanos(Math.max(wait, 1_000));
                }
                if (pending.isEmpty()) {
                    flushRequested = false;
                    progressed.signalAll();
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch = pending;
                pending = new ArrayList<>(Math.min(batchPoints, 1 << 16));
                progressed.signalAll();
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
                    if (batchTimer != null) {
                        batchTimer.accept(took);
                    }
                }
                if (pending.isEmpty()) {
                    flushRequested = false;
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
