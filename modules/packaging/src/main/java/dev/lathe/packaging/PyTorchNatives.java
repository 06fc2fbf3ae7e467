package dev.lathe.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The PyTorch native libraries a djl-mlp model needs, as DJL unpacked them into its cache folder
 * (DJL_CACHE_DIR, else ~/.djl.ai) on this machine: libtorch, libc10, libgomp and DJL's JNI library.
 */
final class PyTorchNatives {
    private static final String PROPERTIES = "native/lib/pytorch.properties";

    private PyTorchNatives() {
    }

    /**
     * A stripped copy of DJL's native library folder under Lathe's cache folder (made once), named as DJL names
     * it, so DJL finds it when DJL_CACHE_DIR points at its parent's parent.
     */
    static Path prepared(Path cacheDir) {
        Path source = folder();
        Path target = cacheDir.resolve("djl").resolve("pytorch").resolve(source.getFileName());
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempDirectory(target.getParent(), ".natives-");
            List<Path> copies = new java.util.ArrayList<>();
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    Path copy = temp.resolve(f.getFileName());
                    Files.copy(f, copy);
                    copies.add(copy);
                }
            }
            Strip.libraries(copies);
            JlinkRuntime.deleteTree(target);
            Files.move(temp, target);
            Files.writeString(target.resolve(".complete"), source + "\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy DJL's native libraries from " + source + " to " + target, e);
        }
    }

    /**
     * The cache folder holding libtorch_cpu.so, unpacked first by loading DJL's PyTorch engine when missing.
     *
     * @throws PackagingException when DJL cannot unpack its libraries here
     */
    static Path folder() {
        Path found = find();
        if (found == null) {
            // loading the engine unpacks the native jar into the cache folder
            try {
                ai.djl.engine.Engine.getEngine("PyTorch");
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new PackagingException("cannot load DJL's PyTorch engine to find its native libraries: "
                        + e.getMessage(), e);
            }
            found = find();
        }
        if (found == null) {
            throw new PackagingException("DJL's PyTorch native libraries are not under " + cacheRoot()
                    + "/pytorch; train or serve a djl-mlp model once on this machine, or set DJL_CACHE_DIR");
        }
        return found;
    }

    private static Path cacheRoot() {
        String env = System.getenv("DJL_CACHE_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".djl.ai");
    }

    private static Path find() {
        Path pytorch = cacheRoot().resolve("pytorch");
        if (!Files.isDirectory(pytorch)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(pytorch)) {
            return dirs.filter(d -> d.getFileName().toString().contains("cpu"))
                    .filter(d -> Files.isRegularFile(d.resolve("libtorch_cpu.so")))
                    .filter(d -> {
                        try (Stream<Path> files = Files.list(d)) {
                            return files.anyMatch(f -> f.getFileName().toString().endsWith("libdjl_torch.so"));
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .sorted().reduce((a, b) -> b).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pytorch, e);
        }
    }

    /** A jar holding only the native jar's native/lib/pytorch.properties (its version, flavour and platform). */
    static Path propertiesJar(ServingClasspath.Resolved classpath, Path scratch) throws IOException {
        Path nativeJar = classpath.jars().stream().filter(ServingClasspath.Jar::isPyTorchNative)
                .map(ServingClasspath.Jar::file).findFirst()
                .orElseThrow(() -> new PackagingException("the pytorch-native jar is not on Lathe's class path"));
        Path out = scratch.resolve("pytorch-native-platform.jar");
        try (JarFile in = new JarFile(nativeJar.toFile());
             JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out))) {
            JarEntry source = in.getJarEntry(PROPERTIES);
            if (source == null) {
                throw new PackagingException(nativeJar + " has no " + PROPERTIES);
            }
            JarEntry entry = new JarEntry(PROPERTIES);
            entry.setTime(1000);
            jar.putNextEntry(entry);
            try (InputStream data = in.getInputStream(source)) {
                data.transferTo(jar);
            }
            jar.closeEntry();
        }
        return out;
    }
}
