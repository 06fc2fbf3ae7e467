package dev.lathe.workspace.query;

/** A filter that does not parse, with the 1-based column the problem was found at. */
public final class RunFilterException extends IllegalArgumentException {
    private final int column;
    private final String problem;

    public RunFilterException(String problem, int column) {
        super(problem + " at column " + column);
        this.problem = problem;
        this.column = column;
    }

    /** 1-based position in the filter text; one past the end for "the text ended too early". */
    public int column() {
        return column;
    }

    /** The message without its position. */
    public String problem() {
        return problem;
    }
}
