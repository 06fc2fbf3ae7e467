package dev.lathe.workspace;

/** A workspace problem a user can act on; the message names the file and what to do. */
public class WorkspaceException extends RuntimeException {
    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
