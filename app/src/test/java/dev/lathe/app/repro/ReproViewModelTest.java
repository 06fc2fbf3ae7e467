package dev.lathe.app.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lathe.app.sweeps.RunnerCommand;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Reproduce button's view-model drives the real runner in a child process and shows its verdict. */
class ReproViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path tmp;

    private static RunnerCommand runner() {
        try {
            return RunnerCommand.locate();
        } catch (IllegalStateException e) {
            return fail(e.getMessage() + " — run `./lathe build` first");
        }
    }

    private static Path iris() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path csv = dir.resolve("resources/datasets/iris.csv");
            if (Files.isRegularFile(csv)) {
                return csv;
            }
        }
        return fail("resources/datasets/iris.csv not found");
    }

    private static int exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    @Tag("slow")
    void reproducingARunShowsExactAndTheTagsSayTheSame() throws Exception {
        RunnerCommand runner = runner();
        Path ws = tmp.resolve("ws");
        Path data = tmp.resolve("iris.csv");
        Files.copy(iris(), data);
        assertEquals(0, exec(runner.with("train", "--data", data.toString(), "--label", "species", "--trainer",
                "tribuo-cart", "--workspace", ws.toString())));
        String id;
        try (Workspace w = Workspace.open(ws)) {
            id = w.runs().list(dev.lathe.workspace.RunQuery.all()).getFirst().id();
            assertEquals(Verdict.NOT_REPRODUCED, Verdict.ofTags(w.runs().detail(id).orElseThrow().tags()));
        }
        ReproViewModel vm = new ReproViewModel(() -> runner, SAME_THREAD, SAME_THREAD);
        vm.showTags(Map.of());
        assertEquals(Verdict.NOT_REPRODUCED, vm.verdictProperty().get());

        Verdict v = vm.reproduce(ws, id).get(120, TimeUnit.SECONDS);
        assertEquals(Verdict.EXACT, v, vm.messageProperty().get());
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Reproduced exactly"), vm.messageProperty().get());
        try (Workspace w = Workspace.open(ws)) {
            Map<String, String> tags = w.runs().detail(id).orElseThrow().tags();
            assertEquals(Verdict.EXACT, Verdict.ofTags(tags));
            assertEquals(vm.reproducedByProperty().get(), tags.get(Verdict.BY_TAG));
        }

        // changed data: the runner's refusal is the message, the badge is unchanged
        Files.writeString(data, Files.readString(data).replaceFirst("5.1,3.5", "5.2,3.5"));
        ReproViewModel again = new ReproViewModel(() -> runner, SAME_THREAD, SAME_THREAD);
        again.showTags(Map.of(Verdict.TAG, "exact"));
        again.reproduce(ws, id).get(120, TimeUnit.SECONDS);
        assertEquals(Verdict.EXACT, again.verdictProperty().get());
        assertTrue(again.messageProperty().get().contains("the data changed"), again.messageProperty().get());
    }

    @Test
    void verdictsReadFromTags() {
        assertEquals(Verdict.TOLERANCE, Verdict.of("tolerance"));
        assertEquals(Verdict.DIVERGED, Verdict.ofTags(Map.of(Verdict.TAG, "diverged")));
        assertEquals(Verdict.NOT_REPRODUCED, Verdict.of("something else"));
    }
}
