package dev.lathe.training.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.Table;
import dev.lathe.training.ModelFolders;
import dev.lathe.training.RecordingListener;
import dev.lathe.training.TestData;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.TrainingResult;
import dev.lathe.training.tabular.Metrics;
import dev.lathe.training.tabular.ModelManifest;
import dev.lathe.training.tabular.PreparedData;
import dev.lathe.training.tabular.Predictions;
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
import org.tribuo.Model;

class TribuoTrainersTest {
    private static final long SEED = 42;

    @TempDir
    Path dir;

    private TrainingResult train(String trainer, String dataset, String label, Map<String, String> params,
                                 RecordingListener listener) {
        Table table = TestData.table(dataset);
        Path modelDir = dir.resolve(trainer + "-" + dataset);
        TrainingResult result = Trainers.byName(trainer).train(
                new TrainingRequest(table, label, null, params, SEED, modelDir), listener);
        ModelFolders.assertValid(modelDir, Trainers.byName(trainer), table, label, result);
        return result;
    }

    @ParameterizedTest
    @CsvSource({"iris.csv, species", "wine.csv, cultivar"})
    void logisticWithDefaultsReachesNinetyPercent(String dataset, String label) {
        RecordingListener listener = new RecordingListener();

        TrainingResult result = train("tribuo-logistic", dataset, label, Map.of(), listener);

        assertTrue(result.finalMetrics().get("val_accuracy") >= 0.85, result.finalMetrics().toString());
        // three seeds, three splits: one lucky split proves little
        Table table = TestData.table(dataset);
        for (long seed : new long[] {1, 2, 3}) {
            double accuracy = Trainers.byName("tribuo-logistic").train(new TrainingRequest(table, label, null, Map.of(),
                    seed, dir.resolve("seed" + seed)), new RecordingListener()).finalMetrics().get("val_accuracy");
            assertTrue(accuracy >= 0.9, dataset + " seed " + seed + ": val_accuracy " + accuracy);
        }
        assertEquals("params", listener.events.getFirst(), "params are reported before anything else");
        assertEquals("50", listener.params.get("epochs"));
        assertEquals(List.of(50L), listener.steps("val_accuracy"), "final metrics at the last epoch");
        assertTrue(listener.series("val_f1_macro").getFirst() > 0.85);
        assertEquals("classification", listener.tags.get("task"));
    }

    @ParameterizedTest
    @CsvSource({"iris.csv, species", "wine.csv, cultivar"})
    void cartWritesAModelFolderWithProvenance(String dataset, String label) throws IOException {
        RecordingListener listener = new RecordingListener();
        TrainingResult result = train("tribuo-cart", dataset, label, Map.of("max_depth", "4"), listener);

        Path folder = result.modelDir();
        assertTrue(result.finalMetrics().get("val_accuracy") > 0.7, result.finalMetrics().toString());
        String provenance = Files.readString(folder.resolve("provenance.json"));
        assertTrue(provenance.contains("CARTClassificationTrainer"), provenance);
        assertTrue(provenance.contains(TestData.table(dataset).sha256()), "the data source names the file's digest");
        assertTrue(provenance.contains("maxDepth"), provenance);
        assertEquals("4.3.2", listener.environment.get("tribuo.version"));
    }

    @ParameterizedTest
    @CsvSource({"iris.csv, species", "wine.csv, cultivar"})
    void forestLogsAccuracyPerNumberOfTrees(String dataset, String label) {
        RecordingListener listener = new RecordingListener();

        TrainingResult result = train("tribuo-forest", dataset, label, Map.of("trees", "30"), listener);

        assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(), listener.steps("val_accuracy"));
        assertTrue(result.finalMetrics().get("val_accuracy") >= 0.85, result.finalMetrics().toString());
        assertEquals(result.finalMetrics().get("val_accuracy"), listener.series("val_accuracy").getLast());
        assertEquals("tree 30/30", listener.progress.getLast());
    }

    @Test
    void savedModelLoadsBackAndScoresTheSame() throws IOException {
        Table iris = TestData.table("iris.csv");
        TrainingRequest request = new TrainingRequest(iris, "species", null, Map.of(), SEED, dir.resolve("model"));
        Trainer logistic = Trainers.byName("tribuo-logistic");
        TrainingResult result = logistic.train(request, new RecordingListener());

        ModelManifest manifest = ModelManifest.read(result.modelDir());
        Model<?> model = Model.deserializeFromFile(result.modelDir().resolve(manifest.weights()));
        PreparedData data = PreparedData.prepare(request, logistic, 0.2);
        Predictions[] predictions = TribuoSupport.predict(data, model);

        assertEquals("LinearSGDModel", model.getClass().getSimpleName());
        assertEquals(List.of("setosa", "versicolor", "virginica"), manifest.labelClasses());
        assertEquals(result.finalMetrics().get("val_accuracy"),
                Metrics.accuracy(data.valClasses(), ((Predictions.Classes) predictions[1]).values()));
    }

    @Test
    void forestAndCartPredictANumber() {
        Table wine = TestData.table("wine.csv");
        double[] alcohol = ((dev.lathe.data.NumericColumn) wine.column("alcohol")).values();
        double std = Metrics.std(alcohol);

        for (String trainer : List.of("tribuo-forest", "tribuo-cart")) {
            RecordingListener listener = new RecordingListener();
            TrainingResult result = train(trainer, "wine.csv", "alcohol", Map.of(), listener);

            assertEquals("regression", listener.tags.get("task"));
            assertTrue(result.finalMetrics().get("val_rmse") < std, trainer + " " + result.finalMetrics());
            assertTrue(result.finalMetrics().containsKey("val_r2"));
        }
    }

    @Test
    void sameSeedSameModel() {
        Trainer forest = Trainers.byName("tribuo-forest");
        Table iris = TestData.table("iris.csv");

        TrainingResult first = forest.train(new TrainingRequest(iris, "species", null, Map.of("trees", "10"), 5,
                dir.resolve("a")), new RecordingListener());
        TrainingResult second = forest.train(new TrainingRequest(iris, "species", null, Map.of("trees", "10"), 5,
                dir.resolve("b")), new RecordingListener());

        assertEquals(first.finalMetrics(), second.finalMetrics());
    }
}
