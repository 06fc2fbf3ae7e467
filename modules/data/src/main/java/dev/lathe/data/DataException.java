package dev.lathe.data;

import java.nio.file.Path;

/**
 * A problem with a user's data file. The message names the file and, where they apply, the line (1-based,
 * counting the header as line 1) and the column, so a user can open the file and fix it.
 */
public final class DataException extends RuntimeException {
    private final transient Path file;
    private final long line;
    private final String column;

    public DataException(Path file, long line, String column, String problem) {
        super(format(file, line, column, problem));
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** The file, the line (0 when the problem is not on one line) and the column (null when none). */
    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String column() {
        return column;
    }

    private static String format(Path file, long line, String column, String problem) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column != null) {
            sb.append(", column '").append(column).append("'");
        }
        return sb.append(": ").append(problem).toString();
    }
}
