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
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;

/**
 * Multinomial logistic regression trained by Tribuo's linear SGD. Classification only: a linear model of a number
 * is not logistic regression, and djl-mlp, tribuo-cart and tribuo-forest do regression.
 */
public final class TribuoLogisticTrainer extends TabularTrainer {
    private static final List<ParamSpec> PARAMS = withValFraction(
            ParamSpec.integer("epochs", 50, 1, 10_000, "passes over the training rows"),
            ParamSpec.choice("optimizer", "adagrad", List.of("adagrad", "adam", "sgd"),
                    "gradient optimiser (sgd decays its learning rate linearly)"),
            ParamSpec.real("learning_rate", 0.5, 1e-6, 10, "initial learning rate"),
            ParamSpec.integer("minibatch_size", 1, 1, 4096, "rows per gradient step"));

    @Override
    public String name() {
        return "tribuo-logistic";
    }

    @Override
    public String description() {
        return "Logistic regression (Tribuo linear SGD with multinomial log loss)";
    }

    @Override
    public String engine() {
        return "tribuo";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    protected Fit fit(PreparedData data, Params params, TrainingRequest request, TrainingListener listener)
            throws IOException {
        listener.environment(Map.of("tribuo.version", TribuoSupport.version(),
                "threads", "1", "device", "cpu"));
        int epochs = params.getInt("epochs");
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), optimiser(params), epochs, -1,
                params.getInt("minibatch_size"), request.seed());
        Model<Label> model = trainer.train(TribuoSupport.labelDataset(data));
        listener.progress("epoch", epochs, epochs);
        Predictions[] predictions = TribuoSupport.predict(data, model);
        String weights = TribuoSupport.save(model, request.modelDir());
        Map<String, Object> onnx = TribuoSupport.exportOnnx(model, request.modelDir());
        return new Fit(predictions[0], predictions[1], epochs, weights, TribuoSupport.version(), Map.of(), null, onnx);
    }

    private static StochasticGradientOptimiser optimiser(Params params) {
        double rate = params.getDouble("learning_rate");
        return switch (params.getString("optimizer")) {
            case "adagrad" -> new AdaGrad(rate, 0.1);
            case "adam" -> new Adam(rate, 1e-8);
            case "sgd" -> SGD.getLinearDecaySGD(rate);
            default -> throw new IllegalStateException("unchecked optimizer " + params.getString("optimizer"));
        };
    }
}
