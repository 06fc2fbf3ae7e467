package dev.lathe.core;

/** Life cycle of a run. QUEUED and RUNNING are live; the others are final. */
public enum RunStatus {
    QUEUED, RUNNING, FINISHED, FAILED, KILLED, PRUNED;

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Parses a status name case-insensitively, naming the allowed values when it is not one. */
    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + text + "' (expected one of "
                + java.util.Arrays.toString(values()) + ")");
    }
}
