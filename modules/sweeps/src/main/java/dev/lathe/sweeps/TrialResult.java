package dev.lathe.sweeps;

import java.util.Map;

/**
 * What samplers learn from a trial: its params and how it ended. objective is the trial's final value of the
 * sweep metric (null when it failed or never reported it); a PRUNED trial's objective is its last value.
 */
public record TrialResult(int index, Map<String, Object> params, Double objective, State state, long lastStep) {
    public enum State { RUNNING, FINISHED, PRUNED, FAILED }
}
