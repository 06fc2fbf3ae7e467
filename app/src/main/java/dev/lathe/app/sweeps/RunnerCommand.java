package dev.lathe.app.sweeps;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The base command line that starts the headless runner ({@code lathe ...} without its arguments). The app never
 * trains in its own process: every sweep runs in a runner child process started from this command.
 *
 * @param base the program and its leading arguments, e.g. {@code [java, ..., -jar, lathe-local-runner.jar]}
 */
public record RunnerCommand(List<String> base) {
    /** Where the runner jar sits relative to the repository root, as the Maven build leaves it. */
    static final String RUNNER_JAR = "local-runner/target/lathe-local-runner.jar";
    /** The same JVM options as the {@code lathe} launcher script gives the runner. */
    private static final List<String> JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-Dai.djl.offline=true");

    public RunnerCommand {
        if (base.isEmpty()) {
            throw new IllegalArgumentException("the runner command is empty");
        }
        base = List.copyOf(base);
    }

    /** The runner jar, started with the same java as this app. */
    public static RunnerCommand ofJar(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(currentJava());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        return new RunnerCommand(cmd);
    }

    /** A full command line split on whitespace, or the path of a runner jar. */
    public static RunnerCommand parse(String text) {
        String trimmed = text.strip();
        if (trimmed.endsWith(".jar") && !trimmed.contains(" ")) {
            return ofJar(Path.of(trimmed));
        }
        return new RunnerCommand(Arrays.asList(trimmed.split("\\s+")));
    }

    /**
     * The runner this app should use: the system property {@code lathe.runner} when set, else the runner jar of
     * the repository this app was built in, found by walking up from the app's own jar or classes folder.
     *
     * @throws IllegalStateException naming where it looked, when neither gives a runner
     */
    public static RunnerCommand locate() {
        String property = System.getProperty("lathe.runner");
        if (property != null && !property.isBlank()) {
            return parse(property);
        }
        Path codeSource = codeSource();
        return findJarAbove(codeSource).map(RunnerCommand::ofJar).orElseThrow(() -> new IllegalStateException(
                "no runner found: set -Dlathe.runner=PATH/lathe-local-runner.jar, or build it with `./lathe build` "
                        + "(looked for " + RUNNER_JAR + " above " + codeSource + ")"));
    }

    /** The first {@link #RUNNER_JAR} in start or a folder above it. */
    static Optional<Path> findJarAbove(Path start) {
        for (Path dir = start == null ? null : start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve(RUNNER_JAR);
            if (Files.isRegularFile(jar)) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    /** This command followed by args. */
    public List<String> with(String... args) {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private static Path codeSource() {
        try {
            var source = RunnerCommand.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static String currentJava() {
        // the app's own java is known to be new enough; java.home is the fallback when the process info is hidden
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
