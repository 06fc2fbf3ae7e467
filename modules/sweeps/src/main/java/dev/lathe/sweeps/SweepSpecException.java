package dev.lathe.sweeps;

import java.nio.file.Path;

/** A mistake in a sweep file; the message names the file, line and column (1-based) and the key. */
public final class SweepSpecException extends RuntimeException {
    private final transient Path file;
    private final int line;
    private final int column;

    public SweepSpecException(Path file, int line, int column, String problem) {
        super(file + (line > 0 ? ", line " + line + (column > 0 ? ", column " + column : "") : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
