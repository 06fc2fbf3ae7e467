package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.TrialResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the params of trial number {@code index} (0-based). Samplers keep no state of their own between
 * calls beyond the spec: what they need is the index, the seed and the history, all of which the
 * workspace holds, so a resumed sweep continues where it stopped (grid and Sobol never repeat a point; TPE
 * goes on from the history).
 */
public interface Sampler {
    /**
     * @param history every trial so far (finished, pruned, failed or still running), in index order
     * @return the params (values are Long, Double, String or Boolean), or empty when the space is
     * exhausted (a grid with every point taken)
     */
    Optional<Map<String, Object>> sample(int index, List<TrialResult> history);

    /** How many distinct points the sampler can give (grid), or empty when unbounded. */
    default Optional<Long> size() {
        return Optional.empty();
    }
}
