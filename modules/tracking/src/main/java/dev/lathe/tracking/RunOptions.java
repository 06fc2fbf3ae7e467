package dev.lathe.tracking;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a run. Build with {@link #in(String)} and the opt* methods; only the experiment is required.
 *
 * @param gitDir folder whose git state is recorded (null: the current folder); captureGit false skips it
 */
public record RunOptions(String experiment, String name, String trainer, Long seed, String parentRunId,
                         Map<String, String> tags, Path gitDir, boolean captureGit, boolean captureEnvironment) {

    public static RunOptions in(String experiment) {
        return new RunOptions(experiment, null, null, null, null, Map.of(), null, true, true);
    }

    public RunOptions optName(String value) {
        return new RunOptions(experiment, value, trainer, seed, parentRunId, tags, gitDir, captureGit, captureEnvironment);
    }

    public RunOptions optTrainer(String value) {
        return new RunOptions(experiment, name, value, seed, parentRunId, tags, gitDir, captureGit, captureEnvironment);
    }

    public RunOptions optSeed(Long value) {
        return new RunOptions(experiment, name, trainer, value, parentRunId, tags, gitDir, captureGit, captureEnvironment);
    }

    public RunOptions optParent(String value) {
        return new RunOptions(experiment, name, trainer, seed, value, tags, gitDir, captureGit, captureEnvironment);
    }

    public RunOptions optTags(Map<String, String> value) {
        return new RunOptions(experiment, name, trainer, seed, parentRunId, Map.copyOf(value), gitDir, captureGit,
                captureEnvironment);
    }

    public RunOptions optGitDir(Path value) {
        return new RunOptions(experiment, name, trainer, seed, parentRunId, tags, value, true, captureEnvironment);
    }

    public RunOptions optCaptureGit(boolean value) {
        return new RunOptions(experiment, name, trainer, seed, parentRunId, tags, gitDir, value, captureEnvironment);
    }

    public RunOptions optCaptureEnvironment(boolean value) {
        return new RunOptions(experiment, name, trainer, seed, parentRunId, tags, gitDir, captureGit, value);
    }
}
