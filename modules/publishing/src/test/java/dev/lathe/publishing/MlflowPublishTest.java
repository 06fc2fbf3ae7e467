package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.MetricPoint;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to MLflow's REST API, against a server that follows it (errors, log-batch limits). */
class MlflowPublishTest {
    @TempDir
    Path tmp;

    private Outbox outbox(Workspace ws, Map<String, String> env) {
        return new Outbox(ws, new Publishers(new Credentials(env, tmp), Http.client(), Optional.empty(), OciClient.DEFAULT_CHUNK));
    }

    private static long points(ModelBundle b) {
        return b.metricHistory().values().stream().flatMap(List::stream).map(MetricPoint::value)
                .filter(Double::isFinite).count();
    }

    @Test
    void createsExperimentRunModelVersionAndAliasOnceEvenWhenPublishedTwice() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws")); FakeMlflow mlflow = new FakeMlflow()) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 1, 2500);
            ws.registry().setAlias("iris-cls", "champion", 1, "first");
            ModelBundle bundle = ModelBundle.load(ws, ws.registry().resolve("iris-cls@champion"));
            long expectedPoints = points(bundle);
            assertTrue(expectedPoints > 2500, "a long run's metric history: " + expectedPoints);

            Outbox.Outcome o = outbox(ws, Map.of()).publish("iris-cls@champion", mlflow.url(), Outbox.Options.DEFAULT,
                    PublishListener.NONE);
            assertTrue(o.done(), () -> String.valueOf(o.error()));
            assertEquals("1", mlflow.experiments.get("iris-publish"));
            assertEquals(1, mlflow.runs.size());
            FakeMlflow.Run run = mlflow.runs.values().iterator().next();
            assertEquals("FINISHED", run.status);
            assertEquals("iris-cls:1", run.tags.get(MlflowPublisher.REF_TAG));
            assertEquals(v.runId(), run.tags.get(MlflowPublisher.RUN_TAG));
            assertEquals(bundle.params().size(), run.params.size());
            assertEquals(bundle.params().get("max_depth"), run.params.get("max_depth"));
            assertEquals(expectedPoints, run.metrics.size());
            assertTrue(mlflow.logBatchCalls.get() >= 3, "2500+ points take several batches of at most 1000");
            assertEquals(1, mlflow.models.get("iris-cls").size());
            assertEquals(run.id, mlflow.models.get("iris-cls").get(0).runId());
            assertEquals(Map.of("champion", "1"), mlflow.aliases.get("iris-cls"));

            int batches = mlflow.logBatchCalls.get();
            Outbox.Outcome again = outbox(ws, Map.of()).publish("iris-cls:1", mlflow.url(), Outbox.Options.DEFAULT,
                    PublishListener.NONE);
            assertTrue(again.done(), () -> String.valueOf(again.error()));
            assertEquals(true, again.result().details().get("run_reused"));
            assertEquals(1, mlflow.runs.size());
            assertEquals(1, mlflow.models.get("iris-cls").size());
            assertEquals(batches, mlflow.logBatchCalls.get(), "nothing logged twice");
        }
    }

    @Test
    void aPublishCutOffByAnOutageIsQueuedAndRetriedWithoutDuplicateMetrics() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws")); FakeMlflow mlflow = new FakeMlflow()) {
            TrainedModel.train(ws, "iris-cls", 2, 2500);
            long expectedPoints = points(ModelBundle.load(ws, ws.registry().resolve("iris-cls")));
            // get-by-name, create experiment, search, create run, one log-batch: then the server answers 503
            mlflow.failFrom = 6;
            Outbox.Outcome cut = outbox(ws, Map.of()).publish("iris-cls", mlflow.url(), Outbox.Options.DEFAULT,
                    PublishListener.NONE);
            assertTrue(cut.queued(), () -> cut.job() + " " + cut.error());
            assertTrue(cut.error().getMessage().contains("503"), cut.error().getMessage());
            assertEquals(1, mlflow.logBatchCalls.get());

            mlflow.failFrom = 0;
            Outbox.Outcome resumed = outbox(ws, Map.of()).retry(false, PublishListener.NONE).get(0);
            assertTrue(resumed.done(), () -> String.valueOf(resumed.error()));
            List<FakeMlflow.Run> live = mlflow.runs.values().stream().filter(r -> !r.deleted).toList();
            assertEquals(1, live.size(), "the half-logged run was replaced, not kept beside the new one");
            assertEquals(expectedPoints, live.get(0).metrics.size());
            assertEquals("FINISHED", live.get(0).status);
            assertEquals(1, mlflow.models.get("iris-cls").size());
        }
    }

    @Test
    void aBearerTokenIsSentAndARefusalNamesTheHostAndFailsTheJob() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws")); FakeMlflow mlflow = new FakeMlflow()) {
            TrainedModel.train(ws, "iris-cls", 3, 0);
            mlflow.token = "t0k3n";
            Outbox.Outcome refused = outbox(ws, Map.of()).publish("iris-cls", mlflow.url(), Outbox.Options.DEFAULT,
                    PublishListener.NONE);
            assertEquals(OutboxRepository.State.FAILED, refused.job().state());
            assertEquals(PublishException.Kind.AUTH, refused.error().kind());
            String host = mlflow.url().substring("mlflow+http://".length());
            assertTrue(refused.error().getMessage().contains(host), refused.error().getMessage());
            assertTrue(refused.error().getMessage().contains("MLFLOW_TRACKING_TOKEN"), refused.error().getMessage());

            Outbox.Outcome ok = outbox(ws, Map.of("MLFLOW_TRACKING_TOKEN", "t0k3n")).publish("iris-cls", mlflow.url(),
                    Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(ok.done(), () -> String.valueOf(ok.error()));
            assertEquals(1, mlflow.models.get("iris-cls").size());
        }
    }

    @Test
    void logBatchRequestsStayWithinMlflowLimits() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            TrainedModel.train(ws, "iris-cls", 4, 1800);
            ModelBundle b = ModelBundle.load(ws, ws.registry().resolve("iris-cls"));
            List<Map<String, Object>> batches = MlflowPublisher.batches(b, "r1");
            long metrics = 0;
            for (Map<String, Object> batch : batches) {
                int m = ((List<?>) batch.get("metrics")).size();
                int p = ((List<?>) batch.get("params")).size();
                int t = ((List<?>) batch.get("tags")).size();
                assertTrue(m <= 1000 && p <= 100 && t <= 100 && m + p + t <= 1000, batch.keySet() + " " + m + "/" + p + "/" + t);
                metrics += m;
            }
            assertEquals(points(b), metrics);
        }
    }
}
