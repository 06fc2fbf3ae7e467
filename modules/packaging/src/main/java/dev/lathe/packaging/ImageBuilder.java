package dev.lathe.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.lathe.core.LatheVersion;
import dev.lathe.training.tabular.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Builds a runnable model-serving container image from a model folder, without a container engine, and pushes it
 * to a registry or writes it as a {@code docker save}-style tar. This is the packaging module's API; {@code lathe
 * package} and {@code lathe publish --to image://...} both call {@link #build}.
 *
 * <p>The image, from bottom to top, one layer each so that a new model version re-pushes only the last one:
 * <ol>
 *   <li>{@code base}: the host's shared libraries the runtime loads (found with ldd), /etc/passwd with the user
 *       65532 and /tmp; left out when {@link Request#base()} names a base image;</li>
 *   <li>{@code runtime}: a jlink'd Java runtime at /opt/lathe/java, cached across builds;</li>
 *   <li>{@code pytorch} (djl-mlp models only): the PyTorch native libraries DJL loads, so the image scores
 *       offline;</li>
 *   <li>{@code libs}: third-party jars at /opt/lathe/lib;</li>
 *   <li>{@code app}: Lathe's jars at /opt/lathe/app;</li>
 *   <li>{@code model}: the model folder at /model.</li>
 * </ol>
 * The entrypoint runs {@link ServeMain} as user 65532, listening on 8080 (MLflow's /invocations and the Open
 * Inference Protocol v2). Labels: org.opencontainers.image.{title,version,created,revision,source,description} and
 * the lineage dev.lathe.model.{name,version,run,dataset.sha256,git.commit,trainer}.
 *
 * <pre>{@code
 * ImageBuilder.Result r = ImageBuilder.build(new ImageBuilder.Request(modelDir,
 *         new ImageBuilder.ModelInfo("iris", "3", runId, gitCommit),
 *         new ImageBuilder.Target.Registry("127.0.0.1:5000/iris:3", false), null, null), System.out::println);
 * r.digest(); // sha256:..., r.layers(): name, digest, compressed size
 * }</pre>
 */
public final class ImageBuilder {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Instant EPOCH_PLUS_ONE = Instant.ofEpochSecond(1);

    /**
     * Where the model came from, for the image's labels and the server's model name and version.
     *
     * @param runId     the run that trained the model, or null
     * @param gitCommit the commit of the run's code, or null
     * @param sourceUrl the run's git remote, or null: the org.opencontainers.image.source label (else the Lathe
     *                  version that built the image)
     */
    public record ModelInfo(String name, String version, String runId, String gitCommit, String sourceUrl) {
        public ModelInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }

        public ModelInfo(String name, String version, String runId, String gitCommit) {
            this(name, version, runId, gitCommit, null);
        }
    }

    /** Where the image goes. */
    public sealed interface Target {
        /** The image reference (HOST[:PORT]/REPOSITORY[:TAG]). */
        String reference();

        /**
         * A registry. Plain HTTP (and unverified TLS) only to a loopback registry or when insecure is set.
         *
         * @param username with password, basic credentials for the registry (and a registry base image); when
         *                 null, LATHE_REGISTRY_USER and LATHE_REGISTRY_PASSWORD are used if set
         */
        record Registry(String reference, boolean insecure, String username, String password) implements Target {
            public Registry(String reference, boolean insecure) {
                this(reference, insecure, null, null);
            }

            @Override
            public String toString() {
                return "Registry[" + reference + (insecure ? ", insecure" : "") + "]"; // no password in logs
            }
        }

        /** A tar in {@code docker save} format (podman load, skopeo docker-archive:, docker load). */
        record Tar(Path file, String reference) implements Target {
        }
    }

    /**
     * @param base     null for the built-in base (host libraries); else a base image: registry://REF, REF (a
     *                 registry), or a path to a {@code docker save} tar
     * @param cacheDir null for ~/.cache/lathe (LATHE_CACHE_DIR overrides): the jlink runtime and Jib's layer cache
     */
    public record Request(Path modelDir, ModelInfo model, Target target, String base, Path cacheDir) {
        public Request {
            Objects.requireNonNull(modelDir, "modelDir");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * One layer of the image as stored.
     *
     * @param name   base, runtime, pytorch, libs, app, model; "from base" for a base image's layers
     * @param size   compressed size in bytes, as pushed
     */
    public record Layer(String name, String digest, long size) {
    }

    /**
     * @param digest           the manifest digest (sha256:...): REFERENCE@digest pulls exactly this image
     * @param size             the sum of the compressed layer sizes (what a registry stores and a pull downloads)
     * @param uncompressedSize the bytes of the files in the image (what a container engine shows as its size)
     */
    public record Result(String reference, String digest, String imageId, long size, long uncompressedSize,
                         List<Layer> layers, Duration took) {
    }

    private ImageBuilder() {
    }

    /** The cache folder: LATHE_CACHE_DIR, else ~/.cache/lathe. */
    public static Path defaultCacheDir() {
        String env = System.getenv("LATHE_CACHE_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "lathe");
    }

    /**
     * Builds the image and pushes or writes it. Progress lines (jlink, layers, push, with sizes) go to progress.
     *
     * @throws PackagingException for a bad model folder, reference or base, jlink failing, or the registry refusing
     */
    public static Result build(Request request, Consumer<String> progress) {
        long start = System.nanoTime();
        ModelManifest manifest;
        try {
            manifest = ModelManifest.read(request.modelDir());
        } catch (dev.lathe.training.TrainingException e) {
            throw new PackagingException(e.getMessage(), e);
        }
        boolean djl = "djl".equals(manifest.engine());
        Path cache = request.cacheDir() != null ? request.cacheDir() : defaultCacheDir();
        ImageReference reference = parse(request.target().reference());

        JibContainerBuilder builder = base(request.base(), request.target());
        JlinkRuntime.Runtime runtime = JlinkRuntime.obtain(cache);
        progress.accept("jlink: runtime " + Sizes.human(runtime.bytes()) + (runtime.cached() ? " (cached " : " (made ")
                + runtime.home() + ")");
        ServingClasspath.Resolved classpath = ServingClasspath.resolve();
        Path pytorch = djl ? PyTorchNatives.prepared(cache) : null;
        if (pytorch != null) {
            progress.accept("pytorch: native libraries " + Sizes.human(Sizes.folder(pytorch)) + " (" + pytorch + ")");
        }

        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("lathe-image-");
            List<String> layerNames = new ArrayList<>();
            Map<String, Long> raw = new LinkedHashMap<>();
            if (request.base() == null) {
                List<Path> natives = new ArrayList<>(List.of(runtime.home()));
                if (pytorch != null) {
                    natives.add(pytorch);
                }
                TreeSet<String> libs = HostLibraries.needed(HostLibraries.binaries(natives), natives);
                FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("base");
                long bytes = 0;
                for (String lib : libs) {
                    Path source = Path.of(lib).toRealPath();
                    layer.addEntry(source, AbsoluteUnixPath.get(lib), FilePermissions.fromOctalString("755"), EPOCH_PLUS_ONE);
                    bytes += Files.size(source);
                }
                Path etc = scratch.resolve("etc");
                Files.createDirectories(etc);
                Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\nlathe:x:"
                        + ImageLayout.USER + ":" + ImageLayout.USER + ":lathe:/tmp:/sbin/nologin\n");
                Files.writeString(etc.resolve("group"), "root:x:0:\nlathe:x:" + ImageLayout.USER + ":\n");
                Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n");
                for (String f : List.of("passwd", "group", "hosts")) {
                    layer.addEntry(etc.resolve(f), AbsoluteUnixPath.get("/etc/" + f), FilePermissions.fromOctalString("644"),
                            EPOCH_PLUS_ONE);
                }
                Path tmp = Files.createDirectories(scratch.resolve("tmp"));
                layer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), EPOCH_PLUS_ONE);
                builder.addFileEntriesLayer(layer.build());
                layerNames.add("base");
                raw.put("base", bytes);
            }
            builder.addFileEntriesLayer(tree("runtime", runtime.home(), ImageLayout.JAVA_HOME, ".complete"));
            layerNames.add("runtime");
            raw.put("runtime", runtime.bytes());

            Map<String, String> env = new LinkedHashMap<>();
            env.put("HOME", "/tmp");
            env.put("LD_LIBRARY_PATH", "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib64:/usr/lib64");
            env.put("LATHE_MODEL_NAME", request.model().name());
            env.put("LATHE_MODEL_VERSION", request.model().version());
            if (pytorch != null) {
                // DJL finds its native libraries in its cache folder: the same folder name as on this machine
                String folder = ImageLayout.DJL_CACHE + "/pytorch/" + pytorch.getFileName();
                builder.addFileEntriesLayer(tree("pytorch", pytorch, folder, ".complete"));
                layerNames.add("pytorch");
                raw.put("pytorch", Sizes.folder(pytorch));
                env.put("DJL_CACHE_DIR", ImageLayout.DJL_CACHE);
                env.put("ENGINE_CACHE_DIR", ImageLayout.DJL_CACHE);
            }

            FileEntriesLayer.Builder libs = FileEntriesLayer.builder().setName("libs");
            FileEntriesLayer.Builder app = FileEntriesLayer.builder().setName("app");
            long libBytes = 0;
            long appBytes = 0;
            for (ServingClasspath.Jar jar : classpath.jars()) {
                if (jar.isPyTorchNative() || (!djl && jar.isDjl())) {
                    continue;
                }
                FileEntriesLayer.Builder target = jar.isLathe() ? app : libs;
                String dir = jar.isLathe() ? ImageLayout.APP_DIR : ImageLayout.LIB_DIR;
                target.addEntry(jar.file(), AbsoluteUnixPath.get(dir + "/" + jar.fileName()),
                        FilePermissions.fromOctalString("644"), EPOCH_PLUS_ONE);
                if (jar.isLathe()) {
                    appBytes += Files.size(jar.file());
                } else {
                    libBytes += Files.size(jar.file());
                }
            }
            if (pytorch != null) {
                // the native jar's platform file alone: DJL reads the version and flavour from it, then uses the
                // libraries already in its cache folder instead of the 111 MB jar
                Path properties = PyTorchNatives.propertiesJar(classpath, scratch);
                libs.addEntry(properties, AbsoluteUnixPath.get(ImageLayout.LIB_DIR + "/pytorch-native-platform.jar"),
                        FilePermissions.fromOctalString("644"), EPOCH_PLUS_ONE);
            }
            Path ownJar = classpath.classes();
            if (Files.isDirectory(ownJar)) {
                ownJar = jarOf(ownJar, scratch.resolve("lathe-packaging.jar"));
            }
            app.addEntry(ownJar, AbsoluteUnixPath.get(ImageLayout.APP_DIR + "/lathe-packaging.jar"),
                    FilePermissions.fromOctalString("644"), EPOCH_PLUS_ONE);
            appBytes += Files.size(ownJar);
            builder.addFileEntriesLayer(libs.build());
            layerNames.add("libs");
            raw.put("libs", libBytes);
            builder.addFileEntriesLayer(app.build());
            layerNames.add("app");
            raw.put("app", appBytes);
            builder.addFileEntriesLayer(tree("model", request.modelDir(), ImageLayout.MODEL_DIR));
            layerNames.add("model");
            raw.put("model", Sizes.folder(request.modelDir()));

            StringBuilder shown = new StringBuilder("layers:");
            raw.forEach((name, bytes) -> shown.append(' ').append(name).append(' ').append(Sizes.human(bytes)).append(','));
            shown.setLength(shown.length() - 1);
            progress.accept(shown + " (uncompressed)");

            builder.setEntrypoint(List.of(ImageLayout.JAVA_HOME + "/bin/java", "-Djava.awt.headless=true",
                            "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
                            "--sun-misc-unsafe-memory-access=allow", "-XX:+ExitOnOutOfMemoryError",
                            "-cp", ImageLayout.APP_DIR + "/*:" + ImageLayout.LIB_DIR + "/*", ServeMain.class.getName()))
                    .setEnvironment(env)
                    .setUser(ImageLayout.USER + ":" + ImageLayout.USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get("/tmp"))
                    .addExposedPort(Port.tcp(ImageLayout.PORT))
                    .setLabels(labels(request.model(), manifest))
                    .setCreationTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));

            Containerizer containerizer = containerizer(request.target(), reference)
                    .setBaseImageLayersCache(cache.resolve("jib/base"))
                    .setApplicationLayersCache(cache.resolve("jib/layers"))
                    .setToolName("lathe")
                    .setToolVersion(LatheVersion.get());
            progress.accept((request.target() instanceof Target.Tar t ? "write: " + t.file() : "push: " + reference)
                    + " ...");
            JibContainer container = builder.containerize(containerizer);
            List<Layer> layers = layers(request.target(), reference, container.getDigest().toString(), layerNames);
            long size = layers.stream().mapToLong(Layer::size).sum();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            progress.accept((request.target() instanceof Target.Tar t ? "wrote " + t.file() : "pushed " + reference)
                    + "@" + container.getDigest() + ": " + layers.size() + " layers, " + Sizes.human(size)
                    + " compressed, in " + String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0));
            return new Result(reference.toString(), container.getDigest().toString(), container.getImageId().toString(),
                    size, raw.values().stream().mapToLong(Long::longValue).sum(), layers, took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the image " + reference + ": " + e.getMessage(), e);
        } catch (CacheDirectoryCreationException e) {
            throw new PackagingException("cannot use the cache folder " + cache + ": " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new PackagingException("the registry of " + reference + " refused the image: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PackagingException("cannot build or push " + reference + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while building " + reference);
        } finally {
            JlinkRuntime.deleteTree(scratch);
        }
    }

    static ImageReference parse(String reference) {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new PackagingException("'" + reference + "' is not an image reference (HOST[:PORT]/NAME[:TAG])");
        }
    }

    private static JibContainerBuilder base(String base, Target target) {
        if (base == null) {
            return Jib.fromScratch();
        }
        try {
            Path tar = Path.of(base.startsWith("tar://") ? base.substring("tar://".length()) : base);
            boolean looksLikeFile = base.startsWith("tar://") || base.startsWith("/") || base.startsWith(".")
                    || base.endsWith(".tar");
            if (looksLikeFile || Files.isRegularFile(tar)) {
                if (!Files.isRegularFile(tar)) {
                    throw new PackagingException("base image " + base + ": no such file (a base is registry://REF, "
                            + "REF, or a `docker save` tar)");
                }
                return Jib.from(TarImage.at(tar.toAbsolutePath()).named("base"));
            }
        } catch (java.nio.file.InvalidPathException | InvalidImageReferenceException e) {
            // not a file: a registry reference
        }
        String ref = base.startsWith("registry://") ? base.substring("registry://".length()) : base;
        ImageReference image = parse(ref);
        RegistryImage registry = RegistryImage.named(image);
        credentials(registry, target);
        return Jib.from(registry);
    }

    private static Containerizer containerizer(Target target, ImageReference reference) {
        return switch (target) {
            case Target.Tar t -> Containerizer.to(TarImage.at(t.file().toAbsolutePath()).named(reference));
            case Target.Registry r -> {
                RegistryImage image = RegistryImage.named(reference);
                credentials(image, r);
                yield Containerizer.to(image).setAllowInsecureRegistries(r.insecure() || isLoopback(reference.getRegistry()));
            }
        };
    }

    private static void credentials(RegistryImage image, Target target) {
        boolean given = target instanceof Target.Registry r && r.username() != null;
        String user = given ? ((Target.Registry) target).username() : System.getenv("LATHE_REGISTRY_USER");
        String password = given ? ((Target.Registry) target).password() : System.getenv("LATHE_REGISTRY_PASSWORD");
        if (user != null && password != null) {
            image.addCredential(user, password);
        }
    }

    /** localhost, 127.0.0.0/8 or ::1, with or without a port: plain HTTP stays on this machine. */
    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']'))
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    static Map<String, String> labels(ModelInfo model, ModelManifest manifest) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", model.name());
        labels.put("org.opencontainers.image.version", model.version());
        labels.put("org.opencontainers.image.created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (model.gitCommit() != null) {
            labels.put("org.opencontainers.image.revision", model.gitCommit());
        }
        labels.put("org.opencontainers.image.source", model.sourceUrl() != null ? model.sourceUrl()
                : "lathe " + LatheVersion.get());
        labels.put("org.opencontainers.image.description", "Lathe model server for " + model.name() + " version "
                + model.version() + " (" + manifest.trainer() + ", " + manifest.task() + " of '" + manifest.label()
                + "'): POST /invocations, /v2/models/" + model.name() + "/infer on port " + ImageLayout.PORT);
        labels.put("dev.lathe.model.name", model.name());
        labels.put("dev.lathe.model.version", model.version());
        if (model.runId() != null) {
            labels.put("dev.lathe.model.run", model.runId());
        }
        if (manifest.datasetSha256() != null) {
            labels.put("dev.lathe.model.dataset.sha256", manifest.datasetSha256());
        }
        if (model.gitCommit() != null) {
            labels.put("dev.lathe.model.git.commit", model.gitCommit());
        }
        labels.put("dev.lathe.model.trainer", manifest.trainer());
        return labels;
    }

    /** A layer of a folder's files under a path, keeping each file's permissions (java must stay executable). */
    private static FileEntriesLayer tree(String name, Path folder, String target, String... skip) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted().toList()) {
                if (p.equals(folder) || List.of(skip).contains(p.getFileName().toString())) {
                    continue;
                }
                String relative = folder.relativize(p).toString().replace('\\', '/');
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                // readable by the unprivileged user whatever the owner's umask was
                mode.add(PosixFilePermission.OTHERS_READ);
                mode.add(PosixFilePermission.GROUP_READ);
                if (Files.isDirectory(p)) {
                    mode.add(PosixFilePermission.OTHERS_EXECUTE);
                    mode.add(PosixFilePermission.GROUP_EXECUTE);
                }
                layer.addEntry(p, AbsoluteUnixPath.get(target + "/" + relative),
                        FilePermissions.fromPosixFilePermissions(mode), EPOCH_PLUS_ONE);
            }
        }
        return layer.build();
    }

    private static Path jarOf(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(classes.relativize(p).toString().replace('\\', '/'));
                entry.setTime(EPOCH_PLUS_ONE.toEpochMilli());
                out.putNextEntry(entry);
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The stored layers: from the tar's manifest, or the registry's manifest (our names for the last ones). */
    private static List<Layer> layers(Target target, ImageReference reference, String digest, List<String> names) {
        List<String[]> stored = new ArrayList<>(); // digest, size
        try {
            if (target instanceof Target.Tar t) {
                Map<String, Long> sizes = new LinkedHashMap<>();
                JsonNode manifest = null;
                try (InputStream in = Files.newInputStream(t.file());
                     TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    TarArchiveEntry entry;
                    while ((entry = tar.getNextEntry()) != null) {
                        if (entry.getName().equals("manifest.json")) {
                            manifest = JSON.readTree(tar.readAllBytes());
                        } else {
                            sizes.put(entry.getName(), entry.getSize());
                        }
                    }
                }
                if (manifest != null) {
                    for (JsonNode layer : manifest.get(0).path("Layers")) {
                        String file = layer.asText();
                        stored.add(new String[] {"sha256:" + file.replaceAll("\\.tar(\\.gz)?$", ""),
                                String.valueOf(sizes.getOrDefault(file, 0L))});
                    }
                }
            } else {
                Target.Registry registry = (Target.Registry) target;
                boolean plain = registry.insecure() || isLoopback(reference.getRegistry());
                URI uri = URI.create((plain ? "http://" : "https://") + reference.getRegistry() + "/v2/"
                        + reference.getRepository() + "/manifests/" + digest);
                HttpRequest.Builder get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                                + "application/vnd.oci.image.manifest.v1+json");
                String user = registry.username() != null ? registry.username() : System.getenv("LATHE_REGISTRY_USER");
                String password = registry.username() != null ? registry.password() : System.getenv("LATHE_REGISTRY_PASSWORD");
                if (user != null && password != null) {
                    get.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
                }
                HttpResponse<String> response;
                try (HttpClient client = HttpClient.newHttpClient()) {
                    response = client.send(get.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                }
                if (response.statusCode() == 200) {
                    for (JsonNode layer : JSON.readTree(response.body()).path("layers")) {
                        stored.add(new String[] {layer.path("digest").asText(), layer.path("size").asText()});
                    }
                }
            }
        } catch (IOException e) {
            return List.of(); // the image is built; only the summary lacks its layers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<Layer> out = new ArrayList<>();
        int fromBase = stored.size() - names.size();
        for (int i = 0; i < stored.size(); i++) {
            String name = i < fromBase ? "from base" : names.get(i - fromBase);
            out.add(new Layer(name, stored.get(i)[0], Long.parseLong(stored.get(i)[1])));
        }
        return out;
    }
}
