package dev.lathe.training.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import dev.lathe.training.ModelFolders;
import dev.lathe.training.RecordingListener;
import dev.lathe.training.TestData;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.TrainingResult;
import dev.lathe.training.tabular.FeatureEncoder;
import dev.lathe.training.tabular.Metrics;
import dev.lathe.training.tabular.ModelManifest;
import dev.lathe.training.tabular.PreparedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DjlMlpTrainerTest {
    private static final long SEED = 42;

    @TempDir
    Path dir;

    private final Trainer mlp = Trainers.byName("djl-mlp");

    private TrainingResult train(Table table, String label, Map<String, String> params, long seed, Path modelDir,
                                 RecordingListener listener) {
        return mlp.train(new TrainingRequest(table, label, null, params, seed, modelDir), listener);
    }

    @ParameterizedTest
    @CsvSource({"iris.csv, species", "wine.csv, cultivar"})
    void defaultsReachNinetyPercentAndWriteAModelFolder(String dataset, String label) {
        Table table = TestData.table(dataset);
        RecordingListener listener = new RecordingListener();
        Path modelDir = dir.resolve("model");

        TrainingResult result = train(table, label, Map.of(), SEED, modelDir, listener);

        // three seeds, three splits: one lucky split proves little
        for (long seed : new long[] {1, 2, 3}) {
            double accuracy = train(table, label, Map.of(), seed, dir.resolve("seed" + seed), new RecordingListener())
                    .finalMetrics().get("val_accuracy");
            assertTrue(accuracy >= 0.9, dataset + " seed " + seed + ": val_accuracy " + accuracy);
        }
        assertTrue(result.finalMetrics().get("val_accuracy") >= 0.85, result.finalMetrics().toString());
        ModelManifest manifest = ModelFolders.assertValid(modelDir, mlp, table, label, result);
        assertEquals("model-0050.params", manifest.weights());
        assertEquals("64,32", manifest.params().get("hidden"));

        assertEquals("params", listener.events.getFirst());
        List<Long> epochs = LongStream.rangeClosed(1, 50).boxed().toList();
        assertEquals(epochs, listener.steps("train_loss"));
        assertEquals(epochs, listener.steps("val_loss"));
        assertEquals(epochs, listener.steps("val_accuracy"));
        assertEquals(List.of(50L), listener.steps("val_f1_macro"));
        assertEquals(List.of(50L), listener.steps("train_accuracy"));
        assertEquals("epoch 50/50", listener.progress.getLast());
        assertEquals("cpu()", listener.environment.get("device"));
        assertTrue(listener.environment.get("djl.engine").startsWith("PyTorch 2."), listener.environment.toString());
        assertNotNull(listener.environment.get("djl.version"));
        assertTrue(listener.series("train_loss").getLast() < listener.series("train_loss").getFirst(), "it learns");
    }

    @Test
    void savedModelLoadsBackFromTheManifestAndScoresTheSame() throws Exception {
        Table iris = TestData.table("iris.csv");
        Path modelDir = dir.resolve("model");
        TrainingRequest request = new TrainingRequest(iris, "species", null, Map.of("epochs", "10"), SEED, modelDir);
        TrainingResult result = mlp.train(request, new RecordingListener());
        ModelManifest manifest = ModelManifest.read(modelDir);
        PreparedData data = PreparedData.prepare(request, mlp, 0.2);

        double[][] x = FeatureEncoder.of(manifest.features()).encode(iris, data.split().validation());
        assertArrayEquals(data.valX(), x, "the manifest's encoding is the one used in training");

        try (Model model = Model.newInstance("loaded", Device.cpu(), DjlMlpTrainer.ENGINE);
             NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlMlpTrainer.ENGINE)) {
            model.setBlock(DjlMlpTrainer.blockFor(manifest));
            model.load(modelDir, "model");
            float[] flat = new float[x.length * x[0].length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    flat[i * x[i].length + j] = (float) x[i][j];
                }
            }
            NDArray logits = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(flat, new Shape(x.length, x[0].length))), false).singletonOrThrow();
            long[] predicted = logits.argMax(1).toLongArray();
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                right += predicted[i] == data.valClasses()[i] ? 1 : 0;
            }
            assertEquals(result.finalMetrics().get("val_accuracy"), right / (double) predicted.length);
        }
    }

    @Test
    void sameSeedGivesTheSameMetricsEveryEpoch() {
        Table wine = TestData.table("wine.csv");
        Map<String, String> params = Map.of("epochs", "15", "dropout", "0.2");
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        RecordingListener otherSeed = new RecordingListener();

        train(wine, "cultivar", params, 7, dir.resolve("a"), first);
        train(wine, "cultivar", params, 7, dir.resolve("b"), second);
        train(wine, "cultivar", params, 8, dir.resolve("c"), otherSeed);

        assertEquals(first.metrics, second.metrics);
        assertFalse(first.series("train_loss").equals(otherSeed.series("train_loss")), "the seed matters");
    }

    @Test
    void divergenceFailsNamingTheEpochAndLeavesNoFolderBehind() throws IOException {
        Table wine = TestData.table("wine.csv");
        Path modelDir = dir.resolve("diverged");
        Map<String, String> params = Map.of("lr", "10", "optimizer", "sgd", "activation", "tanh", "epochs", "30");

        TrainingException e = assertThrows(TrainingException.class,
                () -> train(wine, "alcohol", params, SEED, modelDir, new RecordingListener()));

        assertTrue(e.getMessage().matches("(train|val)_loss became (NaN|infinite) at epoch \\d+; try a smaller lr \\(now 10\\.0\\)"),
                e.getMessage());
        try (var left = Files.list(modelDir)) {
            assertEquals(0, left.count(), "nothing half-written");
        }
    }

    @Test
    void stopRequestEndsTrainingAfterThatEpochAndStillWritesTheModel() {
        Table iris = TestData.table("iris.csv");
        RecordingListener listener = new RecordingListener(3);
        Path modelDir = dir.resolve("stopped");

        TrainingResult result = train(iris, "species", Map.of(), SEED, modelDir, listener);

        assertEquals(List.of(1L, 2L, 3L), listener.steps("val_accuracy"));
        assertEquals("3", listener.tags.get("stopped_at_epoch"));
        assertEquals("model-0003.params", ModelFolders.assertValid(modelDir, mlp, iris, "species", result).weights());
    }

    @Test
    void regressionBeatsPredictingTheMean() {
        Table wine = TestData.table("wine.csv");
        double std = Metrics.std(((NumericColumn) wine.column("alcohol")).values());
        RecordingListener listener = new RecordingListener();
        Path modelDir = dir.resolve("alcohol");

        TrainingResult result = train(wine, "alcohol", Map.of(), SEED, modelDir, listener);

        assertEquals("regression", listener.tags.get("task"));
        assertTrue(result.finalMetrics().get("val_rmse") < std, result.finalMetrics() + " vs std " + std);
        assertEquals(50, listener.steps("val_rmse").size());
        ModelManifest manifest = ModelFolders.assertValid(modelDir, mlp, wine, "alcohol", result);
        assertEquals(null, manifest.labelClasses());
        assertEquals(13.0, manifest.labelScaling().mean(), 0.3);
    }
}
