package dev.lathe.training.tribuo;

import dev.lathe.training.ParamSpec;
import dev.lathe.training.Params;
import dev.lathe.training.Task;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.tabular.PreparedData;
import dev.lathe.training.tabular.Predictions;
import dev.lathe.training.tabular.TabularTrainer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/** One CART decision tree (Tribuo), for classes (Gini impurity) or numbers (mean squared error). */
public final class TribuoCartTrainer extends TabularTrainer {
    private static final List<ParamSpec> PARAMS = withValFraction(
            ParamSpec.integer("max_depth", 10, 1, 1000, "deepest level of the tree"),
            ParamSpec.real("min_child_weight", 5.0, 0, 1e9, "smallest total example weight in a leaf"),
            ParamSpec.real("fraction_features", 1.0, 0.01, 1.0, "share of the inputs considered at each split"));

    @Override
    public String name() {
        return "tribuo-cart";
    }

    @Override
    public String description() {
        return "A CART decision tree (Tribuo)";
    }

    @Override
    public String engine() {
        return "tribuo";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    protected Fit fit(PreparedData data, Params params, TrainingRequest request, TrainingListener listener)
            throws IOException {
        listener.environment(Map.of("tribuo.version", TribuoSupport.version(), "threads", "1", "device", "cpu"));
        int depth = params.getInt("max_depth");
        float childWeight = (float) params.getDouble("min_child_weight");
        float fraction = (float) params.getDouble("fraction_features");
        Model<?> model = data.task() == Task.CLASSIFICATION
                ? new CARTClassificationTrainer(depth, childWeight, 0.0f, fraction, false, new GiniIndex(), request.seed())
                        .train(TribuoSupport.labelDataset(data))
                : new CARTRegressionTrainer(depth, childWeight, 0.0f, fraction, false, new MeanSquaredError(), request.seed())
                        .train(TribuoSupport.regressorDataset(data));
        listener.progress("tree", 1, 1);
        Predictions[] predictions = TribuoSupport.predict(data, model);
        String weights = TribuoSupport.save(model, request.modelDir());
        return new Fit(predictions[0], predictions[1], 1, weights, TribuoSupport.version(), Map.of(), null);
    }
}
