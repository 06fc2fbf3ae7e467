package dev.lathe.serving;

/** A request the server refuses: the status to answer with, an MLflow error code, and a message for the caller. */
final class HttpError extends RuntimeException {
    private final int status;
    private final String code;

    HttpError(int status, String code, String message) {
        super(message, null, false, false); // a user's mistake: no stack trace to fill
        this.status = status;
        this.code = code;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "BAD_REQUEST", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
