package dev.lathe.runner;

/** Exit codes of every command (docs/cli.md lists them; scripts rely on them). */
final class ExitCodes {
    static final int OK = 0;
    /** Training ran and failed (the run is recorded as FAILED with the reason). */
    static final int RUN_FAILED = 1;
    /** A bad command line or bad input: file, column, param. Nothing was recorded. */
    static final int BAD_INPUT = 2;
    /** The workspace cannot be used: newer version, damaged, unwritable, missing. */
    static final int WORKSPACE = 3;
    /** A benchmark ran but missed its goal. */
    static final int GOAL_MISSED = 4;
    /** `lathe drift`: the new data drifted beyond the threshold (docs/drift.md). */
    static final int DRIFT = 5;
    /** `lathe gate`: the candidate did not pass the gate (--min, --champion) (docs/continuous-training.md). */
    static final int GATE_FAILED = 6;
    /** An internal error: a bug to report (LATHE_DEBUG=1 prints the stack trace). */
    static final int INTERNAL = 70;
    /** Interrupted (Ctrl-C); a run in progress is recorded as KILLED. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
