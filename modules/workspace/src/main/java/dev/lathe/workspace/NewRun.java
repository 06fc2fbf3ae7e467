package dev.lathe.workspace;

/**
 * What a new run starts with. Only the experiment is required; the rest is null when unknown.
 *
 * @param status RUNNING for a run that starts now, QUEUED for a sweep trial waiting for a slot
 */
public record NewRun(String experimentId, String name, String trainer, Long seed, String parentRunId,
                     String sweepId, Integer trialIndex, dev.lathe.core.RunStatus status) {

    public static NewRun running(String experimentId, String name) {
        return new NewRun(experimentId, name, null, null, null, null, null, dev.lathe.core.RunStatus.RUNNING);
    }

    public NewRun withTrainer(String trainer) {
        return new NewRun(experimentId, name, trainer, seed, parentRunId, sweepId, trialIndex, status);
    }

    public NewRun withSeed(Long seed) {
        return new NewRun(experimentId, name, trainer, seed, parentRunId, sweepId, trialIndex, status);
    }

    public NewRun withParent(String parentRunId) {
        return new NewRun(experimentId, name, trainer, seed, parentRunId, sweepId, trialIndex, status);
    }
}
