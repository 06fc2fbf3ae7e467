package dev.lathe.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepYamlTest {

    @Test
    void writesTheLayoutOfTheDocsWithQuotingWhereYamlWouldReadSomethingElse() {
        SweepDraft draft = new SweepDraft("wine mlp", "", "data/wine.csv", "cultivar", "djl-mlp", "bayes",
                "val_accuracy", "maximize", List.of(
                new SweepDraft.Param("epochs", "value", "30", "", ""),
                new SweepDraft.Param("lr", "log_uniform_values", "1e-4", "0.1", ""),
                new SweepDraft.Param("hidden", "values", "16, 32, \"64,32\"", "", ""),
                new SweepDraft.Param("optimizer", "values", "adam, null", "", ""),
                new SweepDraft.Param("batch_size", "q_uniform", "8", "64", "8")),
                new SweepDraft.Hyperband("3", "3"), "30", "20", "auto", "7");
        assertEquals("""
                # A Lathe sweep (docs/sweeps.md), written by the app's sweep form
                name: "wine mlp"
                data: "data/wine.csv"
                label: cultivar
                trainer: djl-mlp
                method: bayes
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  epochs: {value: 30}
                  lr: {distribution: log_uniform_values, min: 1e-4, max: 0.1}
                  hidden: {values: [16, 32, "64,32"]}
                  optimizer: {values: [adam, "null"]}
                  batch_size: {distribution: q_uniform, min: 8, max: 64, q: 8}
                early_terminate: {type: hyperband, min_iter: 3, eta: 3}
                run_cap: 30
                max_minutes: 20
                parallel: auto
                seed: 7
                """, SweepYaml.write(draft));
    }

    @Test
    void readsWhatItWritesAndTheRepositorysExampleFile() {
        String text = """
                # comment
                name: wine-mlp
                experiment: wine
                data: ../datasets/wine.csv   # relative
                label: cultivar
                trainer: djl-mlp
                method: bayes
                metric:
                  name: val_loss
                  goal: minimize
                parameters:
                  epochs: {value: 30}
                  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
                  hidden: {values: ["16", "64,32"]}
                  layers: {min: 1, max: 4}
                  dropout:
                    min: 0.0
                    max: 0.5
                early_terminate: {type: median, min_iter: 5, min_trials: 3}
                run_cap: 30
                command: [python3, x.py]
                """;
        SweepYaml.Read read = SweepYaml.read(text);
        SweepDraft d = read.draft();
        assertEquals("wine-mlp", d.name());
        assertEquals("wine", d.experiment());
        assertEquals("../datasets/wine.csv", d.data());
        assertEquals("val_loss", d.metric());
        assertEquals("minimize", d.goal());
        assertEquals(List.of(
                new SweepDraft.Param("epochs", "value", "30", "", ""),
                new SweepDraft.Param("lr", "log_uniform_values", "0.0001", "0.1", ""),
                new SweepDraft.Param("hidden", "values", "16, \"64,32\"", "", ""),
                new SweepDraft.Param("layers", "int_uniform", "1", "4", ""),
                new SweepDraft.Param("dropout", "uniform", "0.0", "0.5", "")), d.parameters());
        assertEquals(new SweepDraft.Median("5", "3"), d.earlyStop());
        assertEquals(List.of("command"), read.ignored());
        assertEquals(d, SweepYaml.read(SweepYaml.write(d)).draft());
    }
}
