package dev.lathe.training;

import dev.lathe.data.Table;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The module's copies of the shared datasets (tests never read outside the module). */
public final class TestData {
    private TestData() {
    }

    public static Path path(String fileName) {
        try {
            return Path.of(TestData.class.getResource("/datasets/" + fileName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Table table(String fileName) {
        return Table.readCsv(path(fileName));
    }
}
