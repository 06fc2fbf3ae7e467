package dev.lathe.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Java runtime with only the modules the model server needs, made with jlink from the running JDK and cached
 * under the cache folder by a hash of the module list, the JDK's version and the jlink options, so a second image
 * reuses it.
 *
 * <p>The module list is what {@code jdeps --print-module-deps --ignore-missing-deps} reports for the serving
 * module's runtime class path (java.base, java.compiler, java.desktop, java.management, java.scripting, java.sql,
 * jdk.unsupported) plus jdk.httpserver (the server), jdk.zipfs and java.logging. java.desktop stays because Jackson,
 * JNA and commons-beanutils use java.beans; its X11 and sound libraries are removed (the server runs headless).
 */
public final class JlinkRuntime {
    public static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.logging",
            "java.management", "java.scripting", "java.sql", "jdk.httpserver", "jdk.unsupported", "jdk.zipfs");
    private static final List<String> OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages",
            "--compress", "zip-6");
    /** Bumped when what is done to jlink's output changes (the cache key covers it). */
    private static final String RECIPE = "3: display and sound libraries removed, .so stripped";
    /**
     * Native libraries of java.desktop that only a display or a sound card uses; without them neither X11 nor ALSA
     * libraries are needed in the image.
     */
    private static final List<String> DISPLAY_LIBRARIES = List.of("libawt_xawt.so", "libjawt.so", "libsplashscreen.so",
            "libjsound.so");

    /** A runtime folder, and whether it came from the cache. */
    public record Runtime(Path home, boolean cached, long bytes) {
    }

    private JlinkRuntime() {
    }

    /** The JDK whose jlink is used: the one running Lathe. */
    static Path jdkHome() {
        return Path.of(System.getProperty("java.home"));
    }

    static String cacheKey() {
        String text = String.join(",", MODULES) + "|" + String.join(" ", OPTIONS) + "|" + RECIPE + "|"
                + System.getProperty("java.vm.vendor") + "|" + System.getProperty("java.runtime.version") + "|"
                + System.getProperty("os.arch");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cached runtime for this JDK, made first when missing.
     *
     * @throws PackagingException when the JDK has no jlink or jlink fails
     */
    public static Runtime obtain(Path cacheDir) {
        Path target = cacheDir.resolve("runtimes").resolve(System.getProperty("java.specification.version") + "-"
                + cacheKey());
        if (Files.isRegularFile(target.resolve("bin/java")) && Files.isRegularFile(target.resolve(".complete"))) {
            return new Runtime(target, true, Sizes.folder(target));
        }
        Path jlink = jdkHome().resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new PackagingException("the JDK at " + jdkHome() + " has no bin/jlink; run Lathe with a full JDK 25 "
                    + "(not a JRE) to build images");
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempDirectory(target.getParent(), ".jlink-");
            Path out = temp.resolve("java");
            List<String> command = new ArrayList<>(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES),
                    "--output", out.toString()));
            command.addAll(OPTIONS);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                deleteTree(temp);
                throw new PackagingException("jlink failed (" + String.join(" ", command) + "): " + output.strip());
            }
            for (String lib : DISPLAY_LIBRARIES) {
                Files.deleteIfExists(out.resolve("lib").resolve(lib));
            }
            try (Stream<Path> files = Files.walk(out.resolve("lib"))) {
                Strip.libraries(files.filter(f -> f.getFileName().toString().endsWith(".so")).toList());
            }
            Files.writeString(out.resolve(".complete"), String.join(",", MODULES) + "\n");
            try {
                Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isRegularFile(target.resolve(".complete"))) {
                    throw e; // another build finished the same runtime first otherwise
                }
            } finally {
                deleteTree(temp);
            }
            return new Runtime(target, false, Sizes.folder(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a Java runtime under " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while running jlink");
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary folder left behind is harmless
        }
    }
}
