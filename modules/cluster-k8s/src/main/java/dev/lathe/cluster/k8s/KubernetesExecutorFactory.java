package dev.lathe.cluster.k8s;

import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.cluster.ClusterExecutor;
import dev.lathe.sweeps.cluster.ClusterExecutorFactory;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Map;

/** The Kubernetes executor for `executor: {type: kubernetes}`, with the client configured as kubectl's is. */
public final class KubernetesExecutorFactory implements ClusterExecutorFactory {
    @Override
    public SweepSpec.Executor.Type type() {
        return SweepSpec.Executor.Type.KUBERNETES;
    }

    @Override
    public ClusterExecutor create(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Map<String, String> tags,
                                  List<String> trialCommand) {
        KubernetesClient client = client();
        return new KubernetesExecutor(ws, tracker, spec, sweep, tags, client, 1000);
    }

    @Override
    public void preflight(SweepSpec spec, Workspace ws) {
        try (KubernetesClient client = client()) {
            KubernetesExecutor.check(client, namespace(spec, client));
        }
    }

    static String namespace(SweepSpec spec, KubernetesClient client) {
        return spec.executor().namespace() != null ? spec.executor().namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
    }

    /** A client configured as kubectl is, giving up on an unreachable API server after a couple of tries. */
    static KubernetesClient client() {
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.autoConfigure(null);
        config.setRequestRetryBackoffLimit(1);
        config.setConnectionTimeout(5_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public String describe(SweepSpec spec, Workspace ws) {
        return "image " + spec.executor().image() + (spec.executor().namespace() == null ? ""
                : ", namespace " + spec.executor().namespace());
    }
}
