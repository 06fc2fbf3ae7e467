package dev.lathe.packaging;

/** A model image cannot be built or pushed; the message says why and what to do. */
public final class PackagingException extends RuntimeException {
    public PackagingException(String message) {
        super(message);
    }

    public PackagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
