package dev.lathe.training.predict;

import java.util.List;

/** One engine's way of turning encoded inputs into predictions; implementations are safe for concurrent use. */
interface ModelRunner extends AutoCloseable {
    /** Predictions for rows already encoded as the manifest's features say (one array per row). */
    List<Prediction> predict(double[][] inputs);

    @Override
    void close();
}
