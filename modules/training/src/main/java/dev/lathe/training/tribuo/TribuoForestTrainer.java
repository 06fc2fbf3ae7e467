package dev.lathe.training.tribuo;

import dev.lathe.training.ParamSpec;
import dev.lathe.training.Params;
import dev.lathe.training.Task;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.tabular.Metrics;
import dev.lathe.training.tabular.PreparedData;
import dev.lathe.training.tabular.Predictions;
import dev.lathe.training.tabular.TabularTrainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * A random forest (Tribuo): bagged CART trees that each consider a random share of the inputs at every split,
 * combined by vote (classes) or average (numbers). Logs the validation score of the first k trees for growing k,
 * so a run shows how many trees were worth having.
 */
public final class TribuoForestTrainer extends TabularTrainer {
    /** At most this many points on the trees curve, so large forests stay cheap to evaluate. */
    private static final int CURVE_POINTS = 100;
    private static final List<ParamSpec> PARAMS = withValFraction(
            ParamSpec.integer("trees", 50, 1, 5000, "number of trees"),
            ParamSpec.integer("max_depth", 12, 1, 1000, "deepest level of each tree"),
            ParamSpec.real("fraction_features", 0.5, 0.01, 0.99,
                    "share of the inputs considered at each split (below 1: that is what makes it a forest)"));

    @Override
    public String name() {
        return "tribuo-forest";
    }

    @Override
    public String description() {
        return "A random forest of CART trees (Tribuo)";
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
        int trees = params.getInt("trees");
        int depth = params.getInt("max_depth");
        float fraction = (float) params.getDouble("fraction_features");
        // Tribuo's default smallest leaf weight; the forest's averaging does the smoothing.
        float childWeight = 5.0f;
        Model<?> model;
        if (data.task() == Task.CLASSIFICATION) {
            VotingCombiner combiner = new VotingCombiner();
            var forest = new RandomForestTrainer<>(new CARTClassificationTrainer(depth, childWeight, 0.0f, fraction,
                    false, new GiniIndex(), request.seed()), combiner, trees, request.seed());
            Model<Label> trained = forest.train(TribuoSupport.labelDataset(data));
            logCurve((EnsembleModel<Label>) trained, combiner, TribuoSupport.labelled(data, false), listener, trees,
                    predictions -> Metrics.accuracy(data.valClasses(), TribuoSupport.classes(data, predictions).values()),
                    "val_accuracy");
            model = trained;
        } else {
            AveragingCombiner combiner = new AveragingCombiner();
            var forest = new RandomForestTrainer<>(new CARTRegressionTrainer(depth, childWeight, 0.0f, fraction,
                    false, new MeanSquaredError(), request.seed()), combiner, trees, request.seed());
            Model<Regressor> trained = forest.train(TribuoSupport.regressorDataset(data));
            logCurve((EnsembleModel<Regressor>) trained, combiner, TribuoSupport.numbered(data, false), listener, trees,
                    predictions -> Metrics.rmse(data.valTarget(), TribuoSupport.values(predictions).values()),
                    "val_rmse");
            model = trained;
        }
        Predictions[] predictions = TribuoSupport.predict(data, model);
        String weights = TribuoSupport.save(model, request.modelDir());
        return new Fit(predictions[0], predictions[1], trees, weights, TribuoSupport.version(), Map.of(), null);
    }

    /**
     * Scores the ensemble of the first k members for growing k with the forest's own combiner, each member's
     * predictions computed once. The full forest's score is left to the final metrics, logged at step = trees.
     */
    private static <T extends Output<T>> void logCurve(EnsembleModel<T> forest, EnsembleCombiner<T> combiner,
                                                       List<Example<T>> validation, TrainingListener listener,
                                                       int trees, Scorer<T> scorer, String key) {
        List<Model<T>> members = forest.getModels();
        List<List<Prediction<T>>> memberPredictions = new ArrayList<>(members.size());
        for (Model<T> member : members) {
            memberPredictions.add(member.predict(validation));
        }
        int stride = Math.max(1, (int) Math.ceil(trees / (double) CURVE_POINTS));
        for (int k = stride == 1 ? 1 : stride; k < members.size(); k += stride) {
            List<Prediction<T>> combined = new ArrayList<>(validation.size());
            for (int i = 0; i < validation.size(); i++) {
                List<Prediction<T>> votes = new ArrayList<>(k);
                for (int m = 0; m < k; m++) {
                    votes.add(memberPredictions.get(m).get(i));
                }
                combined.add(combiner.combine(forest.getOutputIDInfo(), votes));
            }
            listener.metric(key, k, scorer.score(combined));
            listener.progress("tree", k, trees);
        }
        listener.progress("tree", trees, trees);
    }

    @FunctionalInterface
    private interface Scorer<T extends Output<T>> {
        double score(List<Prediction<T>> predictions);
    }
}
