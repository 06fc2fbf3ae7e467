package dev.lathe.app.sweeps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs short runner commands ({@code trainers}, {@code sweep status}, {@code sweep stop}, {@code sweep list}) to
 * completion and hands back their output. Blocking: call it on the background executor, never the FX thread.
 */
public final class RunnerClient {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final RunnerCommand command;

    public RunnerClient(RunnerCommand command) {
        this.command = command;
    }

    public RunnerCommand command() {
        return command;
    }

    /** What a finished runner command printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The runner's message for a failure: stderr without its "lathe: " prefixes, else the exit code. */
        public String message() {
            String text = stripPrefixes(stderr).strip();
            return text.isEmpty() ? "the runner exited with code " + exitCode : text;
        }
    }

    /** The runner did not finish within the time it was given (it has been killed). */
    public static final class TimedOut extends IllegalArgumentException {
        TimedOut(String message) {
            super(message);
        }
    }

    /** Runs the runner with args in dir (null: the app's working folder) and waits for it. */
    public Result run(Path dir, String... args) {
        return run(TIMEOUT, dir, args);
    }

    /**
     * Runs the runner with args in dir (null: the app's working folder) and waits up to timeout for it.
     *
     * @throws TimedOut when it did not finish in time; IllegalArgumentException when it could not start
     */
    public Result run(Duration timeout, Path dir, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command.with(args));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot start the runner (" + String.join(" ", command.base()) + "): "
                    + e.getMessage(), e);
        }
        closeQuietly(process);
        // both streams are drained at once, so a chatty stderr cannot block the child on a full pipe
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TimedOut("the runner did not answer within " + timeout.toMinutes()
                        + " minutes: " + String.join(" ", args));
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the runner", e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("reading the runner's output failed", e.getCause()));
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().name("lathe-runner-output").start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The runner reads nothing from stdin; closing it makes any prompt fail fast instead of hanging. */
    static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing was written, so there is nothing to lose
        }
    }

    /** Drops the "lathe: " the runner puts before each stderr line. */
    public static String stripPrefixes(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            lines.add(line.startsWith("lathe: ") ? line.substring("lathe: ".length()) : line);
        }
        return String.join("\n", lines);
    }
}
