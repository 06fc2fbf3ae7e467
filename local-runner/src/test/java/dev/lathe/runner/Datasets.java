package dev.lathe.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The bundled test datasets (src/test/resources/datasets), copied where a test's commands can read them. */
final class Datasets {
    private Datasets() {
    }

    /** Copies datasets/NAME into dir and returns the copy. */
    static Path copy(String name, Path dir) {
        Path target = dir.resolve(name);
        try (InputStream in = Datasets.class.getResourceAsStream("/datasets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test dataset " + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
