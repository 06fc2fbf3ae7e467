package dev.lathe.training.predict;

/**
 * A model folder cannot be loaded, or rows cannot be predicted because of what they hold (a missing column, a
 * value of the wrong type). The message is for the user: it names the folder, or the row index and column.
 */
public class PredictionException extends RuntimeException {
    public PredictionException(String message) {
        super(message);
    }

    public PredictionException(String message, Throwable cause) {
        super(message, cause);
    }
}
