package dev.lathe.packaging;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The jars the model server needs, found on this machine. The list is written at build time from the serving
 * module's runtime dependencies (serving-dependencies.txt); the files are looked up by name on this JVM's class
 * path and in the folder holding Lathe's own jars (local-runner's lib/), so the image carries exactly the jars
 * this Lathe runs with.
 */
final class ServingClasspath {
    /** One jar the server needs. */
    record Jar(String groupId, String artifactId, String version, String classifier, Path file) {
        String fileName() {
            return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
        }

        boolean isLathe() {
            return groupId.equals("dev.lathe");
        }

        boolean isDjl() {
            return groupId.startsWith("ai.djl") || groupId.equals("net.java.dev.jna") || groupId.equals("com.google.code.gson");
        }

        boolean isPyTorchNative() {
            return artifactId.startsWith("pytorch-native");
        }
    }

    /**
     * @param jars    every jar of the list, found
     * @param classes this module's classes (the image's main class): a jar, or a classes folder when run from a build
     */
    record Resolved(List<Jar> jars, Path classes) {
    }

    private ServingClasspath() {
    }

    static Resolved resolve() {
        Map<String, Path> available = new LinkedHashMap<>();
        Path own = ownLocation();
        List<Path> places = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                places.add(Path.of(entry));
            }
        }
        if (Files.isRegularFile(own) && own.getParent() != null) {
            try (Stream<Path> siblings = Files.list(own.getParent())) {
                siblings.forEach(places::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + own.getParent(), e);
            }
        }
        for (Path p : places) {
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)) {
                available.putIfAbsent(p.getFileName().toString(), p);
            }
        }
        List<Jar> jars = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String[] coordinates : list()) {
            boolean classified = coordinates.length == 6;
            Jar wanted = new Jar(coordinates[0], coordinates[1], coordinates[classified ? 4 : 3],
                    classified ? coordinates[3] : null, null);
            Path file = available.get(wanted.fileName());
            if (file == null) {
                missing.add(wanted.fileName());
            } else {
                jars.add(new Jar(wanted.groupId(), wanted.artifactId(), wanted.version(), wanted.classifier(), file));
            }
        }
        if (!missing.isEmpty()) {
            throw new PackagingException("cannot find the jars the model server needs: " + String.join(", ", missing)
                    + " (looked on the class path and in " + (own.getParent() == null ? own : own.getParent())
                    + "); rebuild Lathe (./lathe build)");
        }
        return new Resolved(jars, own);
    }

    /** Lines "group:artifact:type[:classifier]:version:scope" of the build-time list. */
    private static List<String[]> list() {
        try (InputStream in = ServingClasspath.class.getResourceAsStream("serving-dependencies.txt")) {
            if (in == null) {
                throw new PackagingException("this Lathe was built without serving-dependencies.txt; rebuild it");
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.strip().split("\\s+")[0].split(":");
                if (parts.length == 5 || parts.length == 6) {
                    out.add(parts);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read serving-dependencies.txt", e);
        }
    }

    private static Path ownLocation() {
        try {
            return Path.of(ServingClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
