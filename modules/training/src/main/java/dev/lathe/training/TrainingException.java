package dev.lathe.training;

/** Training could not start or did not finish; the message tells the user why (param, epoch, reason). */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
