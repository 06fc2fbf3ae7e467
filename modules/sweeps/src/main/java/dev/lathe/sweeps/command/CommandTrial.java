package dev.lathe.sweeps.command;

import dev.lathe.sweeps.command.CommandResult.Status;
import dev.lathe.training.TrainingListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a trial as an external command, so sweeps work for code in any language. Metrics come from the
 * command's stdout, one {@link MetricLine} per line; a stop request ends it with SIGTERM and, after a grace
 * period, SIGKILL, descendants included.
 *
 * <p>All listener calls (metric and stopRequested) happen on the calling thread: reader threads only queue
 * lines, so a listener that asks a scheduler and then answers stopRequested needs no locking of its own.
 */
public final class CommandTrial {
    /** The grace between SIGTERM and SIGKILL when none is given. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    /** Lines of stderr kept for a failure's reason. */
    static final int STDERR_TAIL = 20;
    private static final int MAX_LINE_IN_REASON = 500;
    private static final long POLL_MS = 100;
    /**
     * How long to wait for end-of-stream after the process exited. On Unix the JDK drains and closes the pipes
     * when the process exits, but elsewhere a background grandchild that holds them could keep us waiting.
     */
    private static final long LINGER_MS = 2000;
    private static final Pattern OS_ERROR = Pattern.compile("error=\\d+,\\s*(.*)|.*error: \\d+ \\((.*)\\)");

    /** Where the command's output lines go besides metric parsing (a log file, say); called on the caller's thread. */
    @FunctionalInterface
    public interface OutputSink {
        void line(Stream stream, String line);

        OutputSink NONE = (stream, line) -> {
        };
    }

    public enum Stream { STDOUT, STDERR }

    private sealed interface Event permits Line, End {
    }

    private record Line(Stream stream, String text) implements Event {
    }

    private record End(Stream stream) implements Event {
    }

    private CommandTrial() {
    }

    /** As {@link #run(List, Path, Map, TrainingListener, Duration, OutputSink)} with the output dropped. */
    public static CommandResult run(List<String> argv, Path workDir, Map<String, String> extraEnv,
                                    TrainingListener listener, Duration stopGrace) {
        return run(argv, workDir, extraEnv, listener, stopGrace, OutputSink.NONE);
    }

    /**
     * Runs the command to its end, passing its metrics to the listener and stopping it when the listener asks.
     * Never throws for what the command does: a command that cannot start is a FAILED result. If the calling
     * thread is interrupted, the command is killed at once and the result is STOPPED (interrupt status kept).
     *
     * @param argv      the program and its arguments (already rendered)
     * @param workDir   the working directory, which must exist
     * @param extraEnv  added to the inherited environment (LATHE_RUN_ID, LATHE_OUT_DIR, LATHE_TRIAL, ...)
     * @param stopGrace between SIGTERM and SIGKILL; null for {@link #DEFAULT_STOP_GRACE}
     */
    public static CommandResult run(List<String> argv, Path workDir, Map<String, String> extraEnv,
                                    TrainingListener listener, Duration stopGrace, OutputSink sink) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        listener = listener == null ? TrainingListener.NONE : listener;
        sink = sink == null ? OutputSink.NONE : sink;
        stopGrace = stopGrace == null ? DEFAULT_STOP_GRACE : stopGrace;
        if (workDir != null && !Files.isDirectory(workDir)) {
            // checked here: ProcessBuilder would report a missing directory as a missing program
            return new CommandResult(-1, Status.FAILED, "working directory " + workDir + " does not exist", 0,
                    Map.of());
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        if (extraEnv != null) {
            pb.environment().putAll(extraEnv);
        }
        // Python block-buffers a piped stdout, which would hold metrics back until the end and defeat early
        // stopping; this is the one runtime common enough to justify a default
        pb.environment().putIfAbsent("PYTHONUNBUFFERED", "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new CommandResult(-1, Status.FAILED, "cannot start '" + argv.getFirst() + "': " + cause(e), 0,
                    Map.of());
        }
        return new Run(process, listener, sink, stopGrace).await();
    }

    /**
     * "No such file or directory" out of the JDK's wording, which is "error=2, No such file or directory" or,
     * with the spawn helper, "Exec failed, error: 2 (No such file or directory) ".
     */
    static String cause(IOException e) {
        String message = (e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage())).strip();
        Matcher m = OS_ERROR.matcher(message);
        return m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)).strip() : message;
    }

    /** One running command: the loop on the caller's thread and the two reader threads that feed it. */
    private static final class Run {
        private final Process process;
        private final TrainingListener listener;
        private final OutputSink sink;
        private final Duration grace;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>(10_000);
        private final AtomicBoolean closed = new AtomicBoolean();
        private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
        private final Map<String, Long> lastStepByKey = new HashMap<>();
        private final Map<String, Double> finalMetrics = new LinkedHashMap<>();
        private long lastStep;
        /** The process and its descendants as they were when we signalled them (they get reparented after). */
        private final List<ProcessHandle> signalled = new ArrayList<>();

        Run(Process process, TrainingListener listener, OutputSink sink, Duration grace) {
            this.process = process;
            this.listener = listener;
            this.sink = sink;
            this.grace = grace;
        }

        CommandResult await() {
            try {
                // a command that reads stdin gets end-of-file rather than waiting forever
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // it may already have exited
            }
            startReader(process.getInputStream(), Stream.STDOUT);
            startReader(process.getErrorStream(), Stream.STDERR);
            boolean outEnded = false;
            boolean errEnded = false;
            boolean stopping = false;
            boolean killed = false;
            long killAt = 0;
            long exitedAt = 0;
            try {
                while (true) {
                    Event event = events.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    switch (event) {
                        case null -> {
                        }
                        case Line(Stream stream, String text) -> {
                            sink.line(stream, text);
                            if (stream == Stream.STDERR) {
                                keepTail(text);
                            } else if (!stopping) {
                                // once stopped, later lines would record metrics past the step it stopped at
                                dispatch(text);
                            }
                        }
                        case End(Stream stream) -> {
                            if (stream == Stream.STDOUT) {
                                outEnded = true;
                            } else {
                                errEnded = true;
                            }
                        }
                    }
                    long now = System.nanoTime();
                    if (!stopping && listener.stopRequested()) {
                        stopping = true;
                        signal(false);
                        killAt = now + grace.toNanos();
                    }
                    if (stopping && !killed && now - killAt >= 0 && anyAlive()) {
                        signal(true);
                        killed = true;
                    }
                    if (!process.isAlive()) {
                        exitedAt = exitedAt == 0 ? now : exitedAt;
                        boolean drained = (outEnded && errEnded)
                                || (events.isEmpty() && now - exitedAt > TimeUnit.MILLISECONDS.toNanos(LINGER_MS));
                        if (drained && (!stopping || killed || !anyAlive())) {
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signal(true);
                return finish(Status.STOPPED, "interrupted; the command was killed");
            } catch (RuntimeException | Error e) {
                signal(true); // a listener or sink that throws must not leave the command running unwatched
                throw e;
            } finally {
                closed.set(true);
            }
            int code = process.exitValue();
            if (stopping) {
                return finish(Status.STOPPED, killed
                        ? "stopped on request; killed after a grace of " + grace.toMillis() + " ms"
                        : "stopped on request");
            }
            if (code == 0) {
                return finish(Status.FINISHED, "");
            }
            String reason = "exited with code " + code + (stderrTail.isEmpty()
                    ? " (nothing on stderr)"
                    : "; last lines of stderr:\n" + String.join("\n", stderrTail));
            return finish(Status.FAILED, reason);
        }

        private CommandResult finish(Status status, String reason) {
            int code = process.isAlive() ? -1 : process.exitValue();
            return new CommandResult(code, status, reason, lastStep, finalMetrics);
        }

        private void dispatch(String text) {
            MetricLine.parse(text).ifPresent(line -> line.metrics().forEach((key, value) -> {
                // without a step, each key counts its own lines from 1 (continuing after the last given step)
                long step = line.step() != null ? line.step() : lastStepByKey.getOrDefault(key, 0L) + 1;
                lastStepByKey.merge(key, step, Math::max);
                lastStep = Math.max(lastStep, step);
                finalMetrics.put(key, value);
                listener.metric(key, step, value);
            }));
        }

        private void keepTail(String text) {
            if (stderrTail.size() == STDERR_TAIL) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(text.length() > MAX_LINE_IN_REASON ? text.substring(0, MAX_LINE_IN_REASON) + "…" : text);
        }

        /** SIGTERM (or SIGKILL when forced) to the process and every descendant, so no wrapper leaves orphans. */
        private void signal(boolean force) {
            // snapshot the descendants now: once the parent dies they are reparented and no longer found through it
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.addFirst(process.toHandle());
            for (ProcessHandle h : tree) {
                if (!signalled.contains(h)) {
                    signalled.add(h);
                }
            }
            for (ProcessHandle h : signalled) {
                if (running(h)) {
                    if (force) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                }
            }
        }

        private boolean anyAlive() {
            return process.isAlive() || signalled.stream().anyMatch(Run::running);
        }

        /**
         * Alive and not a zombie: an orphaned descendant is reaped by PID 1, which in some containers never
         * reaps, and ProcessHandle counts a zombie as alive; waiting on one would cost the whole grace.
         */
        private static boolean running(ProcessHandle h) {
            if (!h.isAlive()) {
                return false;
            }
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
                int end = stat.lastIndexOf(')'); // the command name in parentheses may itself hold spaces
                return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
            } catch (IOException | RuntimeException e) {
                return true; // no /proc (not Linux) or the process just went: trust isAlive
            }
        }

        private void startReader(InputStream in, Stream stream) {
            Thread.ofPlatform().daemon().name("command-" + stream.name().toLowerCase(Locale.ROOT) + "-" + process.pid())
                    .start(() -> read(in, stream));
        }

        private void read(InputStream in, Stream stream) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!offer(new Line(stream, line))) {
                        return;
                    }
                }
            } catch (IOException ignored) {
                // the stream closed under us: the process is gone, which the loop sees by itself
            }
            offer(new End(stream));
        }

        /** Waits for room in the queue (back-pressure on a chatty command) unless the run is over. */
        private boolean offer(Event event) {
            try {
                while (!closed.get()) {
                    if (events.offer(event, POLL_MS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
