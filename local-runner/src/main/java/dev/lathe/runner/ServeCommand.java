package dev.lathe.runner;

import dev.lathe.core.Artifact;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.Run;
import dev.lathe.publishing.Outbox;
import dev.lathe.publishing.Publishers;
import dev.lathe.serving.ModelServer;
import dev.lathe.training.predict.PredictionException;
import dev.lathe.training.predict.Predictor;
import dev.lathe.training.tabular.ModelManifest;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Serve a trained model over HTTP until Ctrl-C: MLflow's scoring protocol (POST /invocations) and KServe's "
                + "Open Inference Protocol v2 (POST /v2/models/NAME/infer). See docs/serving.md.",
        "MODEL is a registered model: NAME@ALIAS (NAME@champion), NAME:VERSION, or NAME for its latest version "
                + "(docs/registry.md)."})
final class ServeCommand implements Callable<Integer> {
    private static final String MODEL_PREFIX = "model/";

    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;
    @Option(names = "--max-payload-mb", defaultValue = "10", paramLabel = "MB",
            description = "Larger request bodies get 413 (default: ${DEFAULT-VALUE}).")
    int maxPayloadMb;
    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Requests handled at once (default: one per core, at least 4).")
    int threads;
    @Option(names = "--name", paramLabel = "NAME",
            description = "Model name in /v2/models/NAME (default: the run's experiment, or the folder's name).")
    String name;

    static final class Source {
        @Parameters(paramLabel = "MODEL", arity = "1", description = "A registered model: NAME@ALIAS, NAME:VERSION or NAME (latest).")
        String model;
        @Option(names = "--run", required = true, paramLabel = "RUN_ID",
                description = "Serve the model a run trained (a run id or a unique prefix of one).")
        String run;
        @Option(names = "--model-dir", required = true, paramLabel = "DIR",
                description = "Serve a model folder on disk (it holds lathe-model.json).")
        Path modelDir;
    }

    ServeCommand(Console console) {
        this.console = console;
    }

    /** A model being served; closing stops the server and frees the model. */
    record Serving(ModelServer server, Predictor predictor, String origin) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
            predictor.close();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Serving serving = start();
        ModelServer server = serving.server();
        String shownHost = server.address().getAddress().isAnyLocalAddress() ? host : server.address().getHostString();
        console.say("serving " + server.modelName() + " (" + serving.predictor().manifest().trainer() + ", "
                + serving.origin() + ") on http://" + shownHost + ":" + server.port() + " — /invocations, /v2/models/"
                + server.modelName() + "/infer");
        console.say("Ctrl-C to stop");
        if (source.modelDir == null) {
            // publishes left in the workspace's outbox while offline go out now, beside the server
            Thread outbox = new Thread(this::drainOutbox, "lathe-outbox");
            outbox.setDaemon(true);
            outbox.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs the shutdown hooks: stop taking requests and free the engine's memory before the JVM exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            serving.close();
            stopped.countDown();
        }, "lathe-serve-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    private void drainOutbox() {
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            PublishCommand.drainQuietly(new Outbox(ws, Publishers.system()), console);
        } catch (RuntimeException e) {
            console.say("outbox: not retried now (" + e.getMessage() + "); `lathe publish retry` tries again");
        }
    }

    /** Loads the model and starts serving it; the caller closes what it returns. Tests call this directly. */
    Serving start() {
        if (maxPayloadMb < 1) {
            throw new UserException(ExitCodes.BAD_INPUT, "--max-payload-mb must be at least 1, not " + maxPayloadMb);
        }
        if (port < 0 || port > 65_535) {
            throw new UserException(ExitCodes.BAD_INPUT, "--port must be between 0 and 65535, not " + port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UserException(ExitCodes.BAD_INPUT, "--host '" + host + "' is not an address of this machine");
        }
        Loaded loaded = source.model != null ? loadRegistered(source.model)
                : source.run != null ? loadRun(source.run) : loadFolder(source.modelDir);
        ModelServer.Options defaults = ModelServer.Options.defaults();
        ModelServer.Options options = new ModelServer.Options(maxPayloadMb * 1024L * 1024L,
                threads > 0 ? threads : defaults.threads());
        try {
            String modelName = sanitise(name != null ? name : loaded.name());
            return new Serving(ModelServer.start(loaded.predictor(), modelName, loaded.version(), address, options),
                    loaded.predictor(), loaded.origin());
        } catch (BindException e) {
            loaded.predictor().close();
            throw new UserException(ExitCodes.BAD_INPUT, "cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port");
        } catch (IOException e) {
            loaded.predictor().close();
            throw new UncheckedIOException("cannot start the server on " + host + ":" + port, e);
        } catch (RuntimeException e) {
            loaded.predictor().close();
            throw e;
        }
    }

    private record Loaded(Predictor predictor, String name, String version, String origin) {
    }

    private Loaded loadFolder(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        Predictor predictor = load(folder);
        Path named = folder.getFileName() != null && folder.getFileName().toString().equals("model") && folder.getParent() != null
                ? folder.getParent() : folder;
        return new Loaded(predictor, named.getFileName() == null ? "model" : named.getFileName().toString(), "1",
                "folder " + folder);
    }

    private Loaded loadRun(String runId) {
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            Run run = ws.runs().find(runId).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                    "no run with id '" + runId + "' in " + ws.root() + " (see `lathe runs list`)"));
            String shortId = RunViews.shortId(run.id());
            String experiment = ws.experiments().byId(run.experimentId()).map(e -> e.name()).orElse("model");
            return loadRun(ws, run, experiment, shortId, "run " + shortId);
        }
    }

    /** A registered version is served from its run: the name is the model's, the version its number. */
    private Loaded loadRegistered(String reference) {
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            ModelVersion v;
            try {
                v = ws.registry().resolve(reference);
            } catch (RegistryException e) {
                throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
            }
            Run run = ws.runs().get(v.runId()).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                    "model " + v.reference() + " was registered from run " + v.runId() + ", which is no longer in " + ws.root()));
            return loadRun(ws, run, v.modelName(), String.valueOf(v.version()),
                    "model " + v.reference() + ", run " + RunViews.shortId(run.id()));
        }
    }

    /** Copies the run's model/ artifacts out of the blob store into a temporary model folder and loads it. */
    private Loaded loadRun(Workspace ws, Run run, String modelName, String version, String origin) {
        String shortId = RunViews.shortId(run.id());
        List<Artifact> model = ws.artifacts().list(run.id()).stream()
                .filter(a -> a.path().startsWith(MODEL_PREFIX)).toList();
        if (model.stream().noneMatch(a -> a.path().equals(MODEL_PREFIX + ModelManifest.FILE))) {
            throw new UserException(ExitCodes.BAD_INPUT, "run " + shortId + " (" + run.status()
                    + (run.statusReason() == null ? "" : ": " + run.statusReason())
                    + ") has no model folder: no " + MODEL_PREFIX + ModelManifest.FILE
                    + " among its artifacts (a run keeps one when `lathe train` finishes it)");
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("lathe-serve-");
            for (Artifact a : model) {
                Path target = temp.resolve(a.path().substring(MODEL_PREFIX.length())).normalize();
                if (!target.startsWith(temp)) {
                    continue; // the workspace keeps paths inside the run; this is only a second lock
                }
                Path blob = ws.artifacts().resolve(run.id(), a.path()).orElseThrow(() -> new UserException(
                        ExitCodes.WORKSPACE, "artifact " + a.path() + " of run " + shortId + " is missing from the blob store"));
                Files.createDirectories(target.getParent());
                Files.copy(blob, target);
            }
            // both engines read the weights into memory, so the copy is not needed once loaded
            Predictor predictor = load(temp);
            return new Loaded(predictor, modelName, version, origin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the model of run " + shortId + " out of " + ws.root(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static Predictor load(Path dir) {
        try {
            return Predictor.load(dir);
        } catch (PredictionException e) {
            throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }

    /** A name that is one URL path segment: letters, digits, '.', '_' and '-'. */
    static String sanitise(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "model" : s;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless; the OS cleans its temp folder
        }
    }
}
