package dev.lathe.runner;

/** A failure with a message for the user and the exit code that goes with it. */
final class UserException extends RuntimeException {
    private final int exitCode;

    UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
