package dev.lathe.tracking;

/** Tracking could not record something; the message says what and why. */
public final class TrackingException extends RuntimeException {
    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }

    public TrackingException(String message) {
        super(message);
    }
}
