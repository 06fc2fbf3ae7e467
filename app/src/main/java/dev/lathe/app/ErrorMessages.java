package dev.lathe.app;

import dev.lathe.workspace.WorkspaceException;

/** Turns failures into the one line a user sees; stack traces go to the log, never into the window. */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    /** Whether this failure was anticipated (and worded for users) rather than a bug worth logging. */
    public static boolean isExpected(Throwable e) {
        return e instanceof WorkspaceException || e instanceof IllegalArgumentException;
    }

    public static String describe(Throwable e) {
        String message = e.getMessage();
        if (isExpected(e) && message != null && !message.isBlank()) {
            return message;
        }
        return "unexpected error: " + e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    /** The message as a sentence for a window ("No Lathe workspace at …"); the CLI keeps its lower-case style. */
    public static String asSentence(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
