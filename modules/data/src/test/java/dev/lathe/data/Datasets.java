package dev.lathe.data;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test copies of the shared datasets (tests never read outside the module). */
final class Datasets {
    private Datasets() {
    }

    static Path path(String fileName) {
        try {
            return Path.of(Datasets.class.getResource("/datasets/" + fileName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
