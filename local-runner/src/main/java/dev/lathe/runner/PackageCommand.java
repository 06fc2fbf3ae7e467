package dev.lathe.runner;

import dev.lathe.core.Artifact;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.packaging.ImageBuilder;
import dev.lathe.packaging.PackagingException;
import dev.lathe.training.tabular.ModelManifest;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "package", mixinStandardHelpOptions = true, description = {
        "Build a container image that serves a model (POST /invocations and /v2/models/NAME/infer on port 8080) "
                + "and push it to a registry, or write it as a tar; no container engine needed. See docs/packaging.md.",
        "MODEL is a registered model: NAME@ALIAS, NAME:VERSION, or NAME for its latest version."})
final class PackageCommand implements Callable<Integer> {
    private static final String MODEL_PREFIX = "model/";

    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;
    @Option(names = "--image", required = true, paramLabel = "REF",
            description = "Image reference, HOST[:PORT]/NAME[:TAG] (default tag: the model version).")
    String image;
    @Option(names = "--base", paramLabel = "REF",
            description = "Base image: registry://REF, REF, or a `docker save` tar (default: a minimal base made from "
                    + "this machine's shared libraries).")
    String base;
    @Option(names = "--tar", paramLabel = "FILE", description = "Write the image to this tar (docker-archive) instead of pushing it.")
    Path tar;
    @Option(names = "--insecure", description = "Allow plain HTTP and unverified TLS to a registry that is not on this machine.")
    boolean insecure;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    static final class Source {
        @Parameters(paramLabel = "MODEL", arity = "1", description = "A registered model: NAME@ALIAS, NAME:VERSION or NAME (latest).")
        String model;
        @Option(names = "--run", required = true, paramLabel = "RUN_ID",
                description = "Package the model a run trained (a run id or a unique prefix of one).")
        String run;
    }

    PackageCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Path folder = null;
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            Run run;
            ImageBuilder.ModelInfo info;
            if (source.model != null) {
                ModelVersion v;
                try {
                    v = ws.registry().resolve(source.model);
                } catch (RegistryException e) {
                    throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
                }
                run = ws.runs().get(v.runId()).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                        "model " + v.reference() + " was registered from run " + v.runId() + ", which is no longer in " + ws.root()));
                String remote = ws.runs().detail(run.id()).flatMap(RunDetail::git).map(g -> g.remoteUrl()).orElse(null);
                info = new ImageBuilder.ModelInfo(v.modelName(), String.valueOf(v.version()), run.id(), v.gitCommit(), remote);
            } else {
                run = ws.runs().find(source.run).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                        "no run with id '" + source.run + "' in " + ws.root() + " (see `lathe runs list`)"));
                String experiment = ws.experiments().byId(run.experimentId()).map(e -> e.name()).orElse("model");
                var git = ws.runs().detail(run.id()).flatMap(RunDetail::git);
                info = new ImageBuilder.ModelInfo(ServeCommand.sanitise(experiment), RunViews.shortId(run.id()), run.id(),
                        git.map(g -> g.commit()).orElse(null), git.map(g -> g.remoteUrl()).orElse(null));
            }
            folder = copyModel(ws, run);
            String reference = withTag(image, info.version());
            ImageBuilder.Target target = tar != null ? new ImageBuilder.Target.Tar(tar, reference)
                    : new ImageBuilder.Target.Registry(reference, insecure);
            java.io.PrintStream progress = format == Format.JSON ? console.err() : console.out();
            ImageBuilder.Result result;
            try {
                result = ImageBuilder.build(new ImageBuilder.Request(folder, info, target, base, null), line -> {
                    console.event("progress", Map.of("label", "package", "phase", line));
                    if (!console.events()) {
                        progress.println("package: " + line);
                    }
                });
            } catch (PackagingException e) {
                throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
            }
            print(result, info);
            return ExitCodes.OK;
        } finally {
            deleteQuietly(folder);
        }
    }

    private void print(ImageBuilder.Result result, ImageBuilder.ModelInfo info) {
        if (format == Format.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("image", result.reference());
            json.put("digest", result.digest());
            json.put("size", result.size());
            json.put("model", info.name());
            json.put("version", info.version());
            json.put("layers", result.layers().stream().map(l -> Map.of("name", l.name(), "digest", l.digest(),
                    "size", l.size())).toList());
            json.put("seconds", result.took().toMillis() / 1000.0);
            console.out().println(Console.json(json));
            return;
        }
        TextTable t = new TextTable(List.of("LAYER", "DIGEST", "SIZE"));
        for (ImageBuilder.Layer l : result.layers()) {
            t.add(List.of(l.name(), l.digest().length() > 19 ? l.digest().substring(0, 19) : l.digest(),
                    String.format(java.util.Locale.ROOT, "%.1f MB", l.size() / 1e6)));
        }
        console.out().print(t.render());
        console.out().println(result.reference() + "@" + result.digest());
        if (tar == null) {
            console.out().println("run it: podman run --rm -p 8080:8080 " + result.reference());
        } else {
            console.out().println("load it: podman load -i " + tar + "  (or docker load -i)");
        }
    }

    /** REF unchanged when it names a tag or digest, else REF:VERSION. */
    static String withTag(String ref, String version) {
        int slash = ref.lastIndexOf('/');
        String last = ref.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? ref : ref + ":" + version;
    }

    /** Copies the run's model/ artifacts out of the blob store into a temporary model folder. */
    private static Path copyModel(Workspace ws, Run run) {
        String shortId = RunViews.shortId(run.id());
        List<Artifact> model = ws.artifacts().list(run.id()).stream()
                .filter(a -> a.path().startsWith(MODEL_PREFIX)).toList();
        if (model.stream().noneMatch(a -> a.path().equals(MODEL_PREFIX + ModelManifest.FILE))) {
            throw new UserException(ExitCodes.BAD_INPUT, "run " + shortId + " (" + run.status()
                    + ") has no model folder: no " + MODEL_PREFIX + ModelManifest.FILE + " among its artifacts");
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("lathe-package-");
            for (Artifact a : model) {
                Path target = temp.resolve(a.path().substring(MODEL_PREFIX.length())).normalize();
                if (!target.startsWith(temp)) {
                    continue;
                }
                Path blob = ws.artifacts().resolve(run.id(), a.path()).orElseThrow(() -> new UserException(
                        ExitCodes.WORKSPACE, "artifact " + a.path() + " of run " + shortId + " is missing from the blob store"));
                Files.createDirectories(target.getParent());
                Files.copy(blob, target);
            }
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot copy the model of run " + shortId + " out of " + ws.root(), e);
        }
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
            // a temporary folder left behind is harmless
        }
    }
}
