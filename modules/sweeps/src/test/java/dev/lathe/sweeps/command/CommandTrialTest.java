package dev.lathe.sweeps.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.command.CommandResult.Status;
import dev.lathe.training.TrainingListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs small bash scripts as trials; skipped where there is no bash. */
class CommandTrialTest {
    private static String bash;

    @TempDir
    Path dir;

    @BeforeAll
    static void findBash() {
        bash = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> List.of(p.split(File.pathSeparator)).stream())
                .map(p -> Path.of(p, "bash"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst().orElse(null);
        assumeTrue(bash != null, "bash is not on the PATH");
    }

    record Point(String key, long step, double value) {
    }

    /** Records metrics and the threads they came on; asks for a stop once {@code stopWhen} holds. */
    static final class Recorder implements TrainingListener {
        final List<Point> metrics = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final Predicate<List<Point>> stopWhen;
        long stopAskedAt;

        Recorder(Predicate<List<Point>> stopWhen) {
            this.stopWhen = stopWhen;
        }

        @Override
        public void metric(String key, long step, double value) {
            metrics.add(new Point(key, step, value));
            threads.add(Thread.currentThread());
        }

        @Override
        public boolean stopRequested() {
            boolean stop = stopWhen.test(metrics);
            if (stop && stopAskedAt == 0) {
                stopAskedAt = System.nanoTime();
            }
            return stop;
        }

        long count(String key) {
            return metrics.stream().filter(p -> p.key().equals(key)).count();
        }

        double value(String key) {
            return metrics.stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow().value();
        }
    }

    /** Ended, or a zombie waiting for a PID 1 that does not reap (some containers). */
    private static boolean gone(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
            } catch (IOException e) {
                return true;
            }
        }
        return true;
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, body);
        return file;
    }

    private CommandResult run(Path script, List<String> args, TrainingListener listener, Duration grace) {
        List<String> argv = new ArrayList<>(List.of(bash, script.toString()));
        argv.addAll(args);
        return CommandTrial.run(argv, dir, Map.of("LATHE_TRIAL", "7"), listener, grace);
    }

    @Test
    void metricsFromJsonAndKeyValueLinesWithSteps() throws IOException {
        Path script = script("metrics.sh", """
                echo "starting up"
                echo '{"step": 1, "val_loss": 0.5, "val_accuracy": 0.8, "name": "x", "ok": true}'
                echo 'step=2 val_loss=0.4,val_accuracy=0.85'
                echo 'loss=0.9'
                echo 'loss=0.8'
                echo '{"epoch": 3, "val_loss": NaN, "val_accuracy": "inf"}'
                echo 'val_loss=-inf step=4'
                echo 'Epoch 5: loss=0.3'
                echo "using lr=$1 for now"
                echo "lr=$1 trial=$LATHE_TRIAL"
                echo "to stderr" >&2
                touch here.txt
                """);
        Recorder listener = new Recorder(m -> false);
        List<String> lines = new ArrayList<>();
        List<String> argv = List.of(bash, script.toString(), "0.01");
        CommandResult result = CommandTrial.run(argv, dir, Map.of("LATHE_TRIAL", "7"), listener, null,
                (stream, line) -> lines.add(stream + " " + line));

        assertEquals(Status.FINISHED, result.status(), result.reason());
        assertEquals(0, result.exitCode());
        assertEquals("", result.reason());
        assertEquals(List.of(
                new Point("val_loss", 1, 0.5), new Point("val_accuracy", 1, 0.8),
                new Point("val_loss", 2, 0.4), new Point("val_accuracy", 2, 0.85),
                new Point("loss", 1, 0.9), new Point("loss", 2, 0.8),
                new Point("val_loss", 3, Double.NaN), new Point("val_accuracy", 3, Double.POSITIVE_INFINITY),
                new Point("val_loss", 4, Double.NEGATIVE_INFINITY),
                new Point("lr", 1, 0.01), new Point("trial", 1, 7)), listener.metrics);
        assertEquals(4, result.lastStep());
        Map<String, Double> last = new LinkedHashMap<>();
        last.put("val_loss", Double.NEGATIVE_INFINITY);
        last.put("val_accuracy", Double.POSITIVE_INFINITY);
        last.put("loss", 0.8);
        last.put("lr", 0.01);
        last.put("trial", 7.0);
        assertEquals(last, result.finalMetrics());
        assertTrue(listener.threads.stream().allMatch(t -> t == Thread.currentThread()),
                "listener calls come on the caller's thread");
        assertTrue(lines.contains("STDOUT starting up") && lines.contains("STDERR to stderr"), lines.toString());
        assertTrue(Files.exists(dir.resolve("here.txt")), "ran in the working directory");
    }

    @Test
    void aNonZeroExitFailsWithTheTailOfStderr() throws IOException {
        Path script = script("fail.sh", """
                for i in $(seq -w 1 30); do echo "err-$i" >&2; done
                echo "loss=0.5"
                exit 3
                """);
        Recorder listener = new Recorder(m -> false);
        CommandResult result = run(script, List.of(), listener, null);
        assertEquals(Status.FAILED, result.status());
        assertEquals(3, result.exitCode());
        assertTrue(result.reason().startsWith("exited with code 3; last lines of stderr:\nerr-11\n"), result.reason());
        assertTrue(result.reason().endsWith("err-29\nerr-30"), result.reason());
        assertFalse(result.reason().contains("err-10"), result.reason());
        assertEquals(List.of(new Point("loss", 1, 0.5)), listener.metrics, "metrics before the failure still count");
    }

    @Test
    void aStopRequestEndsTheCommandAndItsChildrenWithSigterm() throws IOException {
        script("child.sh", """
                echo "child_pid=$$"
                i=0
                while [ $i -lt 600 ]; do echo "loss=0.5"; i=$((i+1)); sleep 0.1; done
                """);
        // a shell wrapper around the real work, as users write them: the child must not be orphaned
        Path wrapper = script("wrapper.sh", "bash \"$(dirname \"$0\")/child.sh\"\necho 'wrapper_done=1'\n");
        Recorder listener = new Recorder(m -> m.stream().filter(p -> p.key().equals("loss")).count() >= 3);
        long start = System.nanoTime();
        CommandResult result = run(wrapper, List.of(), listener, Duration.ofSeconds(10));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(Status.STOPPED, result.status(), result.reason());
        assertEquals("stopped on request", result.reason());
        assertTrue(seconds < 5, "ended by SIGTERM well within the grace, took " + seconds + " s");
        assertEquals(3, listener.count("loss"), "no metric is passed on after the stop request");
        long childPid = (long) listener.value("child_pid");
        assertTrue(gone(childPid), "child " + childPid + " was not left running");
    }

    @Test
    void aCommandThatIgnoresSigtermIsKilledAfterTheGrace() throws IOException {
        Path script = script("stubborn.sh", """
                trap '' TERM
                echo "pid=$$"
                i=0
                while [ $i -lt 600 ]; do echo "loss=0.5"; i=$((i+1)); sleep 0.1; done
                """);
        Recorder listener = new Recorder(m -> m.size() >= 3);
        CommandResult result = run(script, List.of(), listener, Duration.ofSeconds(1));
        double afterStop = (System.nanoTime() - listener.stopAskedAt) / 1e9;

        assertEquals(Status.STOPPED, result.status());
        assertEquals("stopped on request; killed after a grace of 1000 ms", result.reason());
        assertEquals(137, result.exitCode(), "128 + SIGKILL");
        assertTrue(afterStop >= 0.9 && afterStop < 5, "killed after the 1 s grace, took " + afterStop + " s");
        assertTrue(gone((long) listener.value("pid")));
    }

    @Test
    void aMissingExecutableIsAFailedResult() throws IOException {
        CommandResult result = CommandTrial.run(List.of("pyhton3-not-installed", "train.py"), dir, Map.of(),
                null, null);
        assertEquals(Status.FAILED, result.status());
        assertEquals(-1, result.exitCode());
        assertEquals("cannot start 'pyhton3-not-installed': No such file or directory", result.reason());

        Path notExecutable = script("plain.sh", "echo hi\n");
        CommandResult denied = CommandTrial.run(List.of(notExecutable.toString()), dir, Map.of(), null, null);
        assertEquals("cannot start '" + notExecutable + "': Permission denied", denied.reason());

        CommandResult noDir = CommandTrial.run(List.of(bash, "-c", "true"), dir.resolve("missing"), Map.of(),
                null, null);
        assertEquals(Status.FAILED, noDir.status());
        assertTrue(noDir.reason().startsWith("working directory "), noDir.reason());
    }

    @Test
    void startErrorsReadPlainlyInBothJdkWordings() {
        assertEquals("No such file or directory", CommandTrial.cause(new IOException("Cannot run program \"x\"",
                new IOException("error=2, No such file or directory"))));
        assertEquals("No such file or directory", CommandTrial.cause(new IOException("Cannot run program \"x\"",
                new IOException("Exec failed, error: 2 (No such file or directory) "))));
        assertEquals("something else", CommandTrial.cause(new IOException("something else")));
    }

    @Test
    void stdinIsClosedAndABackgroundGrandchildDoesNotHoldTheTrialOpen() throws IOException {
        Path script = script("background.sh", """
                cat
                sleep 30 &
                echo "bg_pid=$!"
                echo "done=1"
                """);
        Recorder listener = new Recorder(m -> false);
        long start = System.nanoTime();
        CommandResult result = run(script, List.of(), listener, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            assertEquals(Status.FINISHED, result.status(), result.reason());
            assertEquals(1.0, listener.value("done"), "cat got end-of-file at once");
            assertTrue(seconds < 8, "did not wait for the background sleep, took " + seconds + " s");
        } finally {
            ProcessHandle.of((long) listener.value("bg_pid")).ifPresent(ProcessHandle::destroy);
        }
    }
}
