package dev.lathe.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes symbols a running program does not use from native libraries ({@code strip --strip-unneeded}, from
 * binutils): libtorch_cpu.so goes from 446 MB to 357 MB. Without strip the libraries are kept as they are.
 */
final class Strip {
    private Strip() {
    }

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "strip"))) {
                return true;
            }
        }
        return false;
    }

    /** Strips the files in place; a file strip refuses is left as it was. */
    static void libraries(List<Path> files) {
        if (files.isEmpty() || !available()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("strip", "--strip-unneeded"));
        files.forEach(f -> command.add(f.toString()));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(5, TimeUnit.MINUTES);
        } catch (IOException e) {
            // strip is an optimisation: the unstripped libraries work the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
