package dev.lathe.publishing;

/**
 * A publish that did not complete, with what kind of failure it was: the outbox retries {@link Kind#UNREACHABLE}
 * later and gives up on the others, whose messages name the host and what to fix.
 */
public final class PublishException extends RuntimeException {
    public enum Kind {
        /** Connection refused, unknown host, timeout, 5xx or 429: worth retrying later. */
        UNREACHABLE,
        /** 401/403: credentials missing or refused. Retrying does not help until they are fixed. */
        AUTH,
        /** The target refused the content or the request (other 4xx), or its answer made no sense. */
        REJECTED,
        /** A bad target URL or model reference. */
        BAD_INPUT
    }

    private final Kind kind;

    public PublishException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PublishException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.UNREACHABLE;
    }

    static PublishException badInput(String message) {
        return new PublishException(Kind.BAD_INPUT, message);
    }
}
