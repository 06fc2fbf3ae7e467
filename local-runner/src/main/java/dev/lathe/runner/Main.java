package dev.lathe.runner;

import dev.lathe.core.LatheVersion;
import dev.lathe.data.DataException;
import dev.lathe.training.TrainingException;
import dev.lathe.workspace.WorkspaceException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `lathe` command line: the entry point of local-runner. */
@Command(name = "lathe", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Lathe: track, train and compare machine-learning runs in a local workspace.",
        subcommands = {TrainCommand.class, TrainersCommand.class, ExperimentsCommand.class, RunsCommand.class, ModelsCommand.class,
                DemoCommand.class, SweepCommand.class, TrialCommand.class, ReproduceCommand.class, DriftCommand.class, ReportCommand.class, GateCommand.class, BenchCommand.class, ServeCommand.class, ImportCommand.class, ImportanceCommand.class, PublishCommand.class, PackageCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    private final Console console;

    Main(Console console) {
        this.console = console;
    }

    @Override
    public void run() {
        console.out().print(new CommandLine(this).getUsageMessage());
    }

    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** Runs one command line and returns its exit code; tests call this directly. */
    public static int run(Console console, String... args) {
        CommandLine cli = commandLine(console);
        return cli.execute(args);
    }

    static CommandLine commandLine(Console console) {
        CommandLine cli = new CommandLine(new Main(console), new Factory(console));
        cli.setOut(new java.io.PrintWriter(console.out(), true));
        cli.setErr(new java.io.PrintWriter(console.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCode(ex);
            console.event("error", Map.of("message", String.valueOf(ex.getMessage()), "exit_code", code));
            console.err().println("lathe: " + message(ex));
            // a user's mistake gets its message only; an internal error its stack trace when asked for
            if (code == ExitCodes.INTERNAL && System.getenv("LATHE_DEBUG") != null) {
                ex.printStackTrace(console.err());
            }
            return code;
        });
        return cli;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    static int exitCode(Throwable ex) {
        return switch (ex) {
            case DataException ignored -> ExitCodes.BAD_INPUT;
            case TrainingException ignored -> ExitCodes.BAD_INPUT;
            case dev.lathe.sweeps.SweepSpecException ignored -> ExitCodes.BAD_INPUT;
            case IllegalArgumentException ignored -> ExitCodes.BAD_INPUT;
            case dev.lathe.workspace.RegistryException ignored -> ExitCodes.BAD_INPUT;
            case WorkspaceException ignored -> ExitCodes.WORKSPACE;
            case UserException u -> u.exitCode();
            default -> ExitCodes.INTERNAL;
        };
    }

    /** Builds commands with the console injected. */
    private record Factory(Console console) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Console.class).newInstance(console);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lathe " + LatheVersion.get() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
