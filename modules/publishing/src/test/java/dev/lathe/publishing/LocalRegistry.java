package dev.lathe.publishing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real distribution registry (Debian's docker-registry) on 127.0.0.1, with its own config and storage. */
final class LocalRegistry implements AutoCloseable {
    final Path dir;
    final int port;
    private final String htpasswd;
    private Process process;

    /** user and password null: anonymous. The registry is not started yet. */
    LocalRegistry(Path dir, int port, String user, String password) throws Exception {
        this.dir = dir;
        this.port = port;
        Files.createDirectories(dir.resolve("storage"));
        if (user != null) {
            Programs.require("htpasswd", "apache2-utils");
            String line = Programs.run(List.of("htpasswd", "-Bbn", user, password), dir).strip();
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            htpasswd = """
                    auth:
                      htpasswd:
                        realm: lathe-test
                        path: %s
                    """.formatted(dir.resolve("htpasswd"));
        } else {
            htpasswd = "";
        }
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                %s""".formatted(dir.resolve("storage"), port, htpasswd));
    }

    static LocalRegistry start(Path dir, String user, String password) throws Exception {
        Programs.require("docker-registry", "docker-registry");
        LocalRegistry r = new LocalRegistry(dir, Programs.freePort(), user, password);
        r.start();
        return r;
    }

    void start() throws Exception {
        Programs.require("docker-registry", "docker-registry");
        Path log = dir.resolve("registry.log");
        process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Programs.awaitPort(port, process, log);
    }

    /** Kills the registry at once, as a crash or a pulled cable would. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Number of blobs the registry stores (files named data under its blob folder). */
    long storedBlobs() throws Exception {
        Path blobs = dir.resolve("storage/docker/registry/v2/blobs");
        if (!Files.exists(blobs)) {
            return 0;
        }
        try (var s = Files.walk(blobs)) {
            return s.filter(p -> p.getFileName().toString().equals("data")).count();
        }
    }

    @Override
    public void close() throws Exception {
        Programs.stop(process);
    }
}
