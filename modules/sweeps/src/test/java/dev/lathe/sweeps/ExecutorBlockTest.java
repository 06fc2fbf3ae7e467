package dev.lathe.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.SweepSpec.Executor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor block of a sweep file: where trials run and what each asks of a cluster. */
class ExecutorBlockTest {
    @TempDir
    Path dir;
    private Path file;

    private static final String BASE = """
            data: iris.csv
            label: species
            trainer: tribuo-cart
            method: random
            metric: {name: val_accuracy}
            parameters:
              max_depth: {min: 1, max: 8}
            run_cap: 4
            """;

    @BeforeEach
    void files() throws Exception {
        try (var in = ExecutorBlockTest.class.getResourceAsStream("/datasets/iris.csv")) {
            Files.copy(in, dir.resolve("iris.csv"));
        }
        file = dir.resolve("cluster.yaml");
    }

    private SweepSpec parse(String executor) {
        return SweepSpecParser.parseText(BASE + executor, file);
    }

    /** The parse fails on the given 1-based line of the executor text, naming the file and all fragments. */
    private void fails(String executor, int executorLine, String... fragments) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> parse(executor));
        int line = BASE.split("\n").length + executorLine;
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ", line " + line + ", column "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void noBlockMeansLocal() {
        assertEquals(Executor.LOCAL, parse("").executor());
        assertEquals(Executor.Type.LOCAL, parse("executor: {type: local}\n").executor().type());
    }

    @Test
    void readsAFullSlurmBlock() {
        Executor e = parse("""
                executor:
                  type: slurm
                  partition: gpu
                  gpus: 1
                  cpus: 4
                  mem: 8G
                  time: "02:00:00"
                  extra: ["--account=ml", "--qos=short"]
                  workdir: /scratch/me/lathe
                  ssh: me@login.cluster.example
                """).executor();
        assertEquals(Executor.Type.SLURM, e.type());
        assertEquals("/scratch/me/lathe", e.workdir());
        assertEquals("gpu", e.partition());
        assertEquals(1, e.gpus());
        assertEquals(4, e.cpus());
        assertEquals("8G", e.mem());
        assertEquals("02:00:00", e.time());
        assertEquals(List.of("--account=ml", "--qos=short"), e.extra());
        assertEquals("me@login.cluster.example", e.ssh());
        fails("executor: {type: slurm, workdir: shared, ssh: me@login}\n", 1, "executor.workdir must be an absolute path on the cluster (me@login)");
    }

    @Test
    void aRelativeWorkdirIsResolvedAgainstTheSweepFile() {
        assertEquals(dir.resolve("shared/trials").toString(), parse("executor: {type: slurm, workdir: shared/trials}\n")
                .executor().workdir());
        assertNull(parse("executor: slurm\n").executor().workdir());
        assertEquals(Executor.Type.SLURM, parse("executor: slurm\n").executor().type());
    }

    @Test
    void kubernetesNeedsAnImage() {
        Executor e = parse("executor: {type: kubernetes, image: 127.0.0.1:5000/lathe-runner:0.1, namespace: ml, cpus: 2, mem: 2Gi}\n")
                .executor();
        assertEquals("127.0.0.1:5000/lathe-runner:0.1", e.image());
        assertEquals("ml", e.namespace());
        assertEquals("2Gi", e.mem());
        fails("executor: {type: kubernetes, cpus: 2}\n", 1, "missing required key 'image'");
    }

    @Test
    void mistakesNameTheLineAndKey() {
        fails("executor: {type: slurmm}\n", 1, "executor.type: unknown type 'slurmm' (did you mean 'slurm'?)",
                "allowed: local, slurm, kubernetes");
        fails("executor:\n  type: slurm\n  partion: gpu\n", 3, "unknown key 'partion' in executor (did you mean 'partition'?)");
        fails("executor:\n  type: slurm\n  image: x\n", 3, "executor.image does not apply to type slurm");
        fails("executor:\n  type: local\n  gpus: 1\n", 3, "executor.gpus does not apply to type local");
        fails("executor:\n  type: slurm\n  gpus: -1\n", 3, "executor.gpus must be a whole number of GPUs");
        fails("executor:\n  type: slurm\n  cpus: 0\n", 3, "executor.cpus must be a positive number of CPUs");
        fails("executor:\n  type: slurm\n  mem: lots\n", 3, "executor.mem must be an amount such as 8G", "'lots'");
        fails("executor:\n  type: slurm\n  time: 2h\n", 3, "executor.time must be a Slurm time limit", "'2h'");
        fails("executor:\n  type: slurm\n  extra: --account=x\n", 3, "executor.extra must be a list of sbatch options");
        fails("executor:\n  type: slurm\n  extra: [account]\n", 3, "executor.extra[0] must be an sbatch option starting with -");
        fails("executor:\n  type: slurm\n  extra: [\"--output=x\"]\n", 3, "--output is set by Lathe");
        fails("executor:\n  type: slurm\n  ssh: \"me@host; rm -rf /\"\n", 3, "executor.ssh must be host or user@host");
        fails("executor: [slurm]\n", 1, "executor must be a mapping such as {type: slurm");
    }

    @Test
    void theTypeCanBeReplacedAsOnTheCommandLine() {
        SweepSpec spec = parse("executor: {type: local}\n");
        SweepSpec slurm = spec.withExecutor(spec.executor().withType(Executor.Type.SLURM));
        assertEquals(Executor.Type.SLURM, slurm.executor().type());
        assertEquals(spec.parameters(), slurm.parameters());
    }
}
