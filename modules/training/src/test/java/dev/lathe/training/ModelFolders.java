package dev.lathe.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.Table;
import dev.lathe.training.tabular.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a model folder is complete and its manifest says what the run did. */
public final class ModelFolders {
    private ModelFolders() {
    }

    public static ModelManifest assertValid(Path dir, Trainer trainer, Table table, String label, TrainingResult result) {
        ModelManifest manifest = ModelManifest.read(dir);
        assertEquals("lathe-model", manifest.format());
        assertEquals(1, manifest.formatVersion());
        assertEquals(trainer.name(), manifest.trainer());
        assertEquals(trainer.engine(), manifest.engine());
        assertNotNull(manifest.engineVersion());
        assertEquals(label, manifest.label());
        assertEquals(table.sha256(), manifest.datasetSha256());
        assertEquals(table.columns().size() - 1, manifest.features().size());
        assertEquals(result.finalMetrics(), manifest.metrics());
        assertEquals(dir, result.modelDir());
        assertTrue(Files.isRegularFile(dir.resolve(manifest.weights())), "weights file " + manifest.weights());
        assertTrue(manifest.params().containsKey("val_fraction"));
        if (manifest.task().equals("classification")) {
            assertTrue(manifest.labelClasses().size() >= 2);
        }
        return manifest;
    }
}
