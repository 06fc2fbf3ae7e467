package dev.lathe.tracking;

import dev.lathe.core.LatheVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Facts about the machine and runtime a run used; trainers add their engine's facts beside these. */
public final class EnvironmentCapture {
    private EnvironmentCapture() {
    }

    public static Map<String, String> capture() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("lathe.version", LatheVersion.get());
        env.put("java.version", System.getProperty("java.version"));
        env.put("java.vendor", System.getProperty("java.vendor"));
        env.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("os.name", System.getProperty("os.name"));
        env.put("os.version", System.getProperty("os.version"));
        env.put("os.arch", System.getProperty("os.arch"));
        env.put("cpu.cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        cpuModel().ifPresent(m -> env.put("cpu.model", m));
        env.put("memory.max_heap_mb", String.valueOf(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        totalMemoryMb().ifPresent(m -> env.put("memory.total_mb", m));
        for (String[] lib : LIBRARIES) {
            mavenVersion(lib[0], lib[1]).ifPresent(v -> env.put("lib." + lib[1], v));
        }
        return env;
    }

    /** Libraries whose versions shape results or files: (groupId, artifactId), read from their jars. */
    private static final String[][] LIBRARIES = {
            {"org.xerial", "sqlite-jdbc"}, {"org.eclipse.jgit", "org.eclipse.jgit"}, {"org.flywaydb", "flyway-core"},
            {"ai.djl", "api"}, {"ai.djl.pytorch", "pytorch-engine"}, {"org.tribuo", "tribuo-core"},
            {"com.fasterxml.jackson.core", "jackson-databind"}, {"org.apache.commons", "commons-csv"}};

    /** A library's version from the pom.properties Maven puts in its jar; empty when it is not on the class path. */
    static Optional<String> mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (var in = EnvironmentCapture.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return Optional.ofNullable(p.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.ofNullable(System.getenv("PROCESSOR_IDENTIFIER"));
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> totalMemoryMb() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Optional.of(String.valueOf(os.getTotalMemorySize() / (1024 * 1024)));
        }
        return Optional.empty();
    }
}
