package dev.lathe.training;

import java.util.List;
import java.util.Set;

/**
 * A way to train a model on a table. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/dev.lathe.training.Trainer), as DJL finds its engines; {@link Trainers} lists them.
 */
public interface Trainer {
    /** The name users type: djl-mlp, tribuo-logistic, ... */
    String name();

    /** One line for `lathe trainers`. */
    String description();

    /** The library doing the work: "djl" or "tribuo". */
    String engine();

    Set<Task> tasks();

    List<ParamSpec> params();

    /**
     * The metrics a run of this trainer logs for a task, so a sweep can refuse a misspelt metric before it
     * starts. Empty means "not known in advance" (nothing is checked).
     */
    default Set<String> metrics(Task task) {
        return Set.of();
    }

    /**
     * Trains, reporting through the listener, and writes the model folder into request.modelDir().
     *
     * @throws TrainingException with a message naming the param, column or epoch when training cannot run
     *                           or diverges (a NaN or infinite loss)
     */
    TrainingResult train(TrainingRequest request, TrainingListener listener);
}
