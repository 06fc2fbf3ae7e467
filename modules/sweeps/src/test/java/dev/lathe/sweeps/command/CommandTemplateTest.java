package dev.lathe.sweeps.command;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {
    private static final Map<String, String> BUILTINS = Map.of("data", "/data/train.csv", "label", "y",
            "seed", "42", "trial", "3", "run_id", "r-abc", "out_dir", "/runs/r-abc");

    @Test
    void rendersParamsBuiltinsAndEscapes() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.001);
        params.put("layers", 3L);
        params.put("wd", 1e-5);
        params.put("amp", true);
        params.put("opt", "adam w");
        List<String> template = List.of("python3", "train.py", "--lr", "${lr}", "--layers=${layers}", "${wd}",
                "${amp}", "${opt}", "--data", "${data}", "--out", "${out_dir}/model", "${label}${trial}",
                "${run_id}", "${seed}", "lit $${x} and $$ and $ and $$${lr}");
        assertEquals(List.of("python3", "train.py", "--lr", "0.001", "--layers=3", "1.0E-5", "true", "adam w",
                        "--data", "/data/train.csv", "--out", "/runs/r-abc/model", "y3", "r-abc", "42",
                        "lit ${x} and $$ and $ and $${lr}"),
                CommandTemplate.render(template, params, BUILTINS));
    }

    @Test
    void aParamShadowsTheBuiltinOfTheSameNameAndNullRendersEmpty() {
        Map<String, Object> params = new HashMap<>();
        params.put("seed", 7L);
        params.put("extra", null);
        assertEquals(List.of("7", "--x="), CommandTemplate.render(List.of("${seed}", "--x=${extra}"), params, BUILTINS));
    }

    @Test
    void anUnknownPlaceholderNamesItselfAndTheKnownNames() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CommandTemplate.render(List.of("${lr}", "${nope}", "${nope}", "${outdir}"), Map.of("lr", 1.0),
                        BUILTINS));
        assertEquals("unknown placeholders ${nope}, ${outdir} in the command (known: data, label, lr, out_dir, "
                + "run_id, seed, trial)", e.getMessage());
    }

    @Test
    void placeholdersAndValidation() {
        assertEquals(List.of("a", "b", "run_id"),
                List.copyOf(CommandTemplate.placeholders(List.of("${a}-${b}", "$${c}", "${a}", "x${run_id}y"))));
        assertDoesNotThrow(() -> CommandTemplate.validate(List.of("${lr}", "${run_id}", "${data}"), Set.of("lr")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> CommandTemplate.validate(List.of("--lr=${lr2}"), Set.of("lr")));
        assertTrue(e.getMessage().contains("${lr2}") && e.getMessage().contains("known: data, label, lr,"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.placeholders(List.of("${lr")));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.placeholders(List.of("a${}b")));
        assertEquals(List.of("data", "label", "seed", "trial", "run_id", "out_dir"),
                List.copyOf(CommandTemplate.BUILTINS));
    }
}
