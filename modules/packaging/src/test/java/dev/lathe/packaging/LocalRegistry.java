package dev.lathe.packaging;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry (distribution) on a free 127.0.0.1 port with storage in a temporary folder. */
final class LocalRegistry implements AutoCloseable {
    final int port;
    private final Process process;

    private LocalRegistry(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        Tools.require("docker-registry", "docker-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("registry.yml");
        Files.createDirectories(dir.resolve("storage"));
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                probe.setSoTimeout(1000);
                return new LocalRegistry(port, p);
            } catch (IOException e) {
                if (!p.isAlive()) {
                    fail("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(100);
            }
        }
        p.destroy();
        throw new IllegalStateException("docker-registry did not listen on 127.0.0.1:" + port + " in 20 s");
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Programs the tests run: skip without them, fail in CI naming the Debian package. */
    static final class Tools {
        private Tools() {
        }

        static boolean has(String program) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, program))) {
                    return true;
                }
            }
            return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
        }

        static void require(String program, String debianPackage) {
            if (!has(program)) {
                String message = program + " is not installed: apt-get install " + debianPackage
                        + " (.ci/setup-packaging.sh installs it)";
                if ("true".equals(System.getenv("CI"))) {
                    fail(message);
                }
                assumeTrue(false, message);
            }
        }
    }
}
