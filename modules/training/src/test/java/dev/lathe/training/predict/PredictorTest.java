package dev.lathe.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import dev.lathe.training.TestData;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.TrainingResult;
import dev.lathe.training.tabular.FeatureEncoder;
import dev.lathe.training.tabular.ModelManifest;
import dev.lathe.training.tabular.PreparedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Models trained by the real trainers, loaded back from their folders and asked to predict. */
class PredictorTest {
    private static final long SEED = 42;

    @TempDir
    static Path dir;
    static Table iris;

    @BeforeAll
    static void data() {
        iris = TestData.table("iris.csv");
    }

    private static Path train(String trainer, Table table, String label, Map<String, String> params) {
        Path modelDir = dir.resolve(trainer + "-" + table.name() + "-" + label);
        if (!Files.exists(modelDir.resolve(ModelManifest.FILE))) {
            Trainers.byName(trainer).train(new TrainingRequest(table, label, null, params, SEED, modelDir),
                    TrainingListener.NONE);
        }
        return modelDir;
    }

    /** The given rows as column -> value maps: numbers as Double, text as String, missing as null. */
    static List<Map<String, Object>> rows(Table table, int[] rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column c : table.columns()) {
                row.put(c.name(), switch (c) {
                    case NumericColumn n -> Double.isNaN(n.value(r)) ? null : n.value(r);
                    case CategoricalColumn t -> t.value(r);
                });
            }
            out.add(row);
        }
        return out;
    }

    private static int[] trainingRows(Table table, String label, String trainer, ModelManifest manifest) {
        Trainer t = Trainers.byName(trainer);
        double valFraction = Double.parseDouble(manifest.params().get("val_fraction"));
        return PreparedData.prepare(new TrainingRequest(table, label, null, Map.of(), SEED, dir.resolve("unused")), t,
                valFraction).split().train();
    }

    @ParameterizedTest
    @ValueSource(strings = {"djl-mlp", "tribuo-logistic", "tribuo-cart", "tribuo-forest"})
    void predictsTheTrainingRowsAsWellAsTrainingMeasured(String trainer) {
        Path model = train(trainer, iris, "species", Map.of());
        try (Predictor predictor = Predictor.load(model)) {
            ModelManifest manifest = predictor.manifest();
            assertEquals(trainer, manifest.trainer());
            assertTrue(predictor.isClassifier());
            int[] train = trainingRows(iris, "species", trainer, manifest);
            List<Prediction> predictions = predictor.predict(rows(iris, train));
            assertEquals(train.length, predictions.size());
            CategoricalColumn truth = (CategoricalColumn) iris.column("species");
            int correct = 0;
            for (int i = 0; i < train.length; i++) {
                Prediction.ClassLabel p = assertInstanceOf(Prediction.ClassLabel.class, predictions.get(i));
                correct += p.label().equals(truth.value(train[i])) ? 1 : 0;
                if (!p.probabilities().isEmpty()) {
                    assertEquals(manifest.labelClasses(), List.copyOf(p.probabilities().keySet()));
                    double sum = p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
                    assertEquals(1.0, sum, 1e-4, p.toString());
                    String best = p.probabilities().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    assertEquals(best, p.label(), p.toString());
                }
            }
            double accuracy = correct / (double) train.length;
            double recorded = manifest.metrics().get("train_accuracy");
            assertTrue(accuracy >= recorded - 0.02, trainer + ": accuracy " + accuracy + ", recorded " + recorded);
        }
    }

    @Test
    void theMlpGivesSoftmaxProbabilities() {
        try (Predictor predictor = Predictor.load(train("djl-mlp", iris, "species", Map.of()))) {
            var p = (Prediction.ClassLabel) predictor.predict(rows(iris, new int[] {0})).getFirst();
            assertEquals("setosa", p.label());
            assertEquals(3, p.probabilities().size());
            assertTrue(p.probabilities().get("setosa") > 0.5, p.toString());
        }
    }

    @Test
    void regressionPredictsInTheLabelsUnits() {
        Table wine = TestData.table("wine.csv");
        Path model = train("djl-mlp", wine, "alcohol", Map.of());
        try (Predictor predictor = Predictor.load(model)) {
            assertEquals("regression", predictor.manifest().task());
            int[] all = IntStream.range(0, wine.rows()).toArray();
            List<Prediction> predictions = predictor.predict(rows(wine, all));
            double[] truth = ((NumericColumn) wine.column("alcohol")).values();
            double mean = 0;
            double predictedMean = 0;
            for (int i = 0; i < all.length; i++) {
                mean += truth[i] / all.length;
                predictedMean += assertInstanceOf(Prediction.Value.class, predictions.get(i)).label() / all.length;
            }
            // alcohol is about 13 with a std of 0.8: standardised outputs would average near 0
            assertEquals(mean, predictedMean, 0.3, "mean prediction " + predictedMean + " vs label mean " + mean);
            int[] train = trainingRows(wine, "alcohol", "djl-mlp", predictor.manifest());
            List<Prediction> trainPredictions = predictor.predict(rows(wine, train));
            double squares = 0;
            for (int i = 0; i < train.length; i++) {
                double d = (Double) trainPredictions.get(i).label() - truth[train[i]];
                squares += d * d;
            }
            double rmse = Math.sqrt(squares / train.length);
            double recorded = predictor.manifest().metrics().get("train_rmse");
            assertEquals(recorded, rmse, 1e-3, "rmse of the training rows");
        }
    }

    @Test
    void tribuoRegressionToo() {
        Table wine = TestData.table("wine.csv");
        try (Predictor predictor = Predictor.load(train("tribuo-forest", wine, "alcohol", Map.of("trees", "10")))) {
            double v = (Double) predictor.predict(rows(wine, new int[] {0})).getFirst().label();
            assertTrue(v > 11 && v < 15.5, "alcohol " + v);
        }
    }

    @Test
    void numericTextMissingValuesAndExtraColumnsAreAccepted() {
        try (Predictor predictor = Predictor.load(train("tribuo-logistic", iris, "species", Map.of()))) {
            Map<String, Object> numbers = rows(iris, new int[] {60}).getFirst();
            Map<String, Object> text = new HashMap<>();
            numbers.forEach((k, v) -> text.put(k, " " + v + " "));
            text.put("comment", "ignored");
            text.remove("species");
            assertEquals(predictor.predict(List.of(numbers)), predictor.predict(List.of(text)));

            Map<String, Object> missing = new HashMap<>(numbers);
            missing.put("sepal_width", null);
            Map<String, Object> na = new HashMap<>(numbers);
            na.put("sepal_width", "NA");
            assertEquals(predictor.predict(List.of(missing)), predictor.predict(List.of(na)));
            assertEquals(List.of(), predictor.predict(List.of()));
        }
    }

    @Test
    void rowsAreEncodedExactlyAsTheTrainerEncodesColumns() {
        int[] all = IntStream.range(0, iris.rows()).toArray();
        // a categorical column as well: species is text in iris
        FeatureEncoder fitted = FeatureEncoder.fit(iris, iris.columnNames(), all);
        RowEncoder rows = new RowEncoder(fitted.features());
        double[][] expected = fitted.encode(iris, all);
        double[][] actual = rows.encode(rows(iris, all));
        for (int i = 0; i < all.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-12, "row " + i);
        }
        assertEquals(fitted.width(), rows.width());
    }

    @Test
    void categoricalValuesMayBeNumbersRenderedAsText() {
        var encoder = new RowEncoder(List.of(dev.lathe.training.tabular.FeatureSpec.categorical("grade", List.of("1", "2", "x"))));
        assertArrayEquals(new double[] {0, 1, 0}, encoder.encode(List.of(Map.of("grade", 2.0)))[0]);
        assertArrayEquals(new double[] {1, 0, 0}, encoder.encode(List.of(Map.of("grade", 1)))[0]);
        assertArrayEquals(new double[] {0, 0, 0}, encoder.encode(List.of(Map.of("grade", "unseen")))[0]);
    }

    @Test
    void aMissingColumnNamesTheRowAndWhatTheModelNeeds() {
        try (Predictor predictor = Predictor.load(train("tribuo-logistic", iris, "species", Map.of()))) {
            List<Map<String, Object>> rows = new ArrayList<>(rows(iris, new int[] {0, 1, 2, 3}));
            Map<String, Object> broken = new HashMap<>(rows.get(3));
            broken.remove("petal_length");
            rows.set(3, broken);
            var e = assertThrows(PredictionException.class, () -> predictor.predict(rows));
            assertEquals("row 3: missing column 'petal_length' (the model needs: sepal_length, sepal_width, "
                    + "petal_length, petal_width)", e.getMessage());
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesTheRowAndColumn() {
        try (Predictor predictor = Predictor.load(train("tribuo-logistic", iris, "species", Map.of()))) {
            Map<String, Object> row = new HashMap<>(rows(iris, new int[] {0}).getFirst());
            row.put("sepal_length", "abc");
            var e = assertThrows(PredictionException.class, () -> predictor.predict(List.of(row)));
            assertEquals("row 0, column 'sepal_length': 'abc' is not a number", e.getMessage());
            row.put("sepal_length", true);
            assertThrows(PredictionException.class, () -> predictor.predict(List.of(row)));
            row.put("sepal_length", "Infinity");
            assertThrows(PredictionException.class, () -> predictor.predict(List.of(row)));
        }
    }

    @Test
    void concurrentCallsGetTheirOwnAnswers() throws Exception {
        try (Predictor predictor = Predictor.load(train("djl-mlp", iris, "species", Map.of()));
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            // the answers for each slice alone first: float sums differ in their last bits with the batch size
            List<List<Prediction>> expected = new ArrayList<>();
            for (int from = 0; from < 140; from++) {
                expected.add(predictor.predict(rows(iris, IntStream.range(from, from + 10).toArray())));
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int k = 0; k < 20; k++) {
                        int from = (offset * 7 + k * 3) % 140;
                        int[] slice = IntStream.range(from, from + 10).toArray();
                        assertEquals(expected.get(from), predictor.predict(rows(iris, slice)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    @Test
    void aFolderWithoutAManifestIsNotAModel() {
        var e = assertThrows(PredictionException.class, () -> Predictor.load(dir.resolve("nothing-here")));
        assertTrue(e.getMessage().contains("is not a model folder: it has no lathe-model.json"), e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRefused() throws Exception {
        Path copy = copyOf(train("tribuo-cart", iris, "species", Map.of()), "newer");
        Path manifest = copy.resolve(ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : 1", "\"format_version\" : 2"));
        var e = assertThrows(PredictionException.class, () -> Predictor.load(copy));
        assertTrue(e.getMessage().contains("format_version 2; this Lathe reads up to 1"), e.getMessage());
    }

    @Test
    void aMissingWeightsFileIsNamed() throws Exception {
        Path copy = copyOf(train("djl-mlp", iris, "species", Map.of()), "no-weights");
        String weights = ModelManifest.read(copy).weights();
        Files.delete(copy.resolve(weights));
        var e = assertThrows(PredictionException.class, () -> Predictor.load(copy));
        assertTrue(e.getMessage().contains("weights file '" + weights + "'") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void anUnknownTrainerIsRefused() throws Exception {
        Path copy = copyOf(train("tribuo-cart", iris, "species", Map.of()), "unknown");
        Path manifest = copy.resolve(ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"tribuo-cart\"", "\"xgboost\""));
        var e = assertThrows(PredictionException.class, () -> Predictor.load(copy));
        assertTrue(e.getMessage().contains("trainer 'xgboost'") && e.getMessage().contains("djl-mlp"), e.getMessage());
    }

    @Test
    void theSignatureListsFeaturesInInputOrder() {
        try (Predictor predictor = Predictor.load(train("tribuo-logistic", iris, "species", Map.of()))) {
            assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                    List.copyOf(predictor.signature().keySet()));
            assertEquals("numeric", predictor.signature().get("sepal_width"));
        }
    }

    private static Path copyOf(Path model, String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
