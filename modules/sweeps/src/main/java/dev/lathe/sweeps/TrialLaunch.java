package dev.lathe.sweeps;

import dev.lathe.core.Run;
import java.util.Map;

/** A trial about to run: its index, its QUEUED run, its params and seed. */
public record TrialLaunch(int index, Run run, Map<String, String> params, long seed) {
}
