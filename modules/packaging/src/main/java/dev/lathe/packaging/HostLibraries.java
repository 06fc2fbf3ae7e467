package dev.lathe.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built-in base: the host's shared libraries that the runtime's executables and native libraries load (glibc,
 * libz, libstdc++ for PyTorch, ...), found with {@code ldd}, at the same paths as on the host. Together with a
 * passwd entry for the unprivileged user and /tmp, that is all a jlink'd runtime needs, so a model image needs no
 * distribution base image and no network.
 */
final class HostLibraries {
    private static final Pattern RESOLVED = Pattern.compile("=>\\s+(/\\S+)\\s+\\(0x");
    private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x");
    private static final Pattern NOT_FOUND = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found");

    private HostLibraries() {
    }

    /** Executables and native libraries under the folders (bin/*, *.so*). */
    static List<Path> binaries(Collection<Path> folders) {
        List<Path> out = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> tree = Files.walk(folder)) {
                tree.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().contains(".so")
                                || (p.getParent() != null && p.getParent().getFileName().toString().equals("bin")))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return out;
    }

    /**
     * The host libraries the binaries load, by absolute path (the dynamic loader included), excluding those inside
     * the given folders themselves.
     *
     * @throws PackagingException when ldd is missing or a library cannot be found on the host
     */
    static TreeSet<String> needed(List<Path> binaries, Collection<Path> own) {
        TreeSet<String> libs = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        // one ldd call per batch: ldd is a shell script that runs the loader once per file
        for (int i = 0; i < binaries.size(); i += 64) {
            List<String> command = new ArrayList<>(List.of("ldd"));
            binaries.subList(i, Math.min(binaries.size(), i + 64)).forEach(b -> command.add(b.toString()));
            String output = run(command);
            for (String line : output.split("\n")) {
                Matcher nf = NOT_FOUND.matcher(line);
                if (nf.find()) {
                    missing.add(nf.group(1));
                    continue;
                }
                Matcher m = RESOLVED.matcher(line);
                Matcher l = LOADER.matcher(line);
                String path = m.find() ? m.group(1) : l.find() ? l.group(1) : null;
                if (path != null && own.stream().noneMatch(o -> Path.of(path).startsWith(o))) {
                    libs.add(path);
                }
            }
        }
        // a library another native library names by its plain name (libtorch -> libgomp) is found by rpath
        missing.removeIf(name -> binaries.stream().anyMatch(b -> b.getFileName().toString().equals(name)));
        if (!missing.isEmpty()) {
            throw new PackagingException("these shared libraries are needed in the image but are not installed here: "
                    + String.join(", ", new TreeSet<>(missing)) + "; install them or pass --base with an image "
                    + "that has them");
        }
        return libs;
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(2, TimeUnit.MINUTES);
            return output;
        } catch (IOException e) {
            throw new PackagingException("cannot run ldd to find the shared libraries the runtime needs ("
                    + e.getMessage() + "); install libc-bin, or pass --base with an image that has glibc");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while running ldd");
        }
    }
}
