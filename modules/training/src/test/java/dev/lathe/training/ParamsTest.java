package dev.lathe.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private final Trainer mlp = Trainers.byName("djl-mlp");

    private Params resolve(Map<String, String> given) {
        return Params.resolve(mlp.name(), mlp.params(), given);
    }

    private String error(Map<String, String> given) {
        return assertThrows(TrainingException.class, () -> resolve(given)).getMessage();
    }

    @Test
    void defaultsAreAppliedInSpecOrder() {
        Params params = resolve(Map.of("lr", "1e-3", "epochs", "7"));

        assertEquals(List.of("hidden", "activation", "dropout", "lr", "optimizer", "batch_size", "epochs",
                "weight_decay", "val_fraction"), List.copyOf(params.asStrings().keySet()));
        assertEquals("0.001", params.asStrings().get("lr"));
        assertEquals("64,32", params.asStrings().get("hidden"));
        assertEquals("0.2", params.asStrings().get("val_fraction"));
        assertEquals(0.001, params.getDouble("lr"));
        assertEquals(7, params.getInt("epochs"));
        assertEquals(List.of(64, 32), params.getIntList("hidden"));
        assertEquals("adam", params.getString("optimizer"));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertEquals("unknown param 'lrr' for trainer djl-mlp (known: activation, batch_size, dropout, epochs, hidden, "
                + "lr, optimizer, val_fraction, weight_decay)", error(Map.of("lrr", "0.1")));
    }

    @Test
    void wrongTypesAreNamed() {
        assertEquals("param epochs='ten' for djl-mlp is not an integer", error(Map.of("epochs", "ten")));
        assertEquals("param lr='fast' for djl-mlp is not a number", error(Map.of("lr", "fast")));
        assertEquals("param hidden='64,x' for djl-mlp is not a comma-separated list of integers (such as 64,32)",
                error(Map.of("hidden", "64,x")));
    }

    @Test
    void outOfRangeGivesTheBounds() {
        assertEquals("param lr=-1 for djl-mlp is out of range: must be between 1e-06 and 10", error(Map.of("lr", "-1")));
        assertEquals("param epochs=0 for djl-mlp is out of range: must be between 1 and 10000", error(Map.of("epochs", "0")));
        assertEquals("param hidden=64,0 for djl-mlp is out of range: each value must be between 1 and 4096",
                error(Map.of("hidden", "64,0")));
    }

    @Test
    void choicesAreListed() {
        assertEquals("param optimizer='rmsprop' for djl-mlp is not one of: adam, sgd, adamw",
                error(Map.of("optimizer", "rmsprop")));
        assertEquals("sgd", resolve(Map.of("optimizer", "SGD")).getString("optimizer"));
    }

    @Test
    void flagsAcceptCommonSpellings() {
        List<ParamSpec> specs = List.of(ParamSpec.flag("shuffle", true, "shuffle rows"));

        assertFalse(Params.resolve("t", specs, Map.of("shuffle", "no")).getBoolean("shuffle"));
        assertEquals("true", Params.resolve("t", specs, Map.of()).asStrings().get("shuffle"));
        assertEquals("param shuffle='maybe' for t is not true or false",
                assertThrows(TrainingException.class, () -> Params.resolve("t", specs, Map.of("shuffle", "maybe"))).getMessage());
    }

    @Test
    void numbersAreFormattedShortly() {
        assertEquals("10", Params.format(10.0));
        assertEquals("0.01", Params.format(0.01));
        assertEquals("1e-06", Params.format(1e-6));
        assertEquals("2.5e-05", Params.format(2.5e-5));
        assertEquals("1e+20", Params.format(1e20));
    }
}
