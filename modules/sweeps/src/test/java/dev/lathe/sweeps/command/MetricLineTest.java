package dev.lathe.sweeps.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricLineTest {
    private static MetricLine line(Long step, Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return new MetricLine(step, m);
    }

    @Test
    void jsonObjects() {
        assertEquals(Optional.of(line(3L, "val_loss", 0.2, "val_accuracy", 0.9)),
                MetricLine.parse("{\"step\": 3, \"val_loss\": 0.2, \"val_accuracy\": 0.9}"));
        assertEquals(Optional.of(line(2L, "loss", 1)), MetricLine.parse("  {\"epoch\": 2, \"loss\": 1}\r"));
        assertEquals(Optional.of(line(3L, "loss", 1)), MetricLine.parse("{\"epoch\": 2.5, \"loss\": 1}"),
                "a fractional epoch belongs to the epoch it is in");
        assertEquals(Optional.of(line(7L, "loss", 1)), MetricLine.parse("{\"epoch\": 2, \"step\": 7, \"loss\": 1}"));
        assertEquals(Optional.of(line(null, "a", Double.NaN, "b", Double.POSITIVE_INFINITY, "c",
                        Double.NEGATIVE_INFINITY, "d", Double.NaN, "e", Double.NEGATIVE_INFINITY)),
                MetricLine.parse("{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity, \"d\": \"nan\", \"e\": \"-inf\"}"));
        assertEquals(Optional.of(line(null, "x", 1)), MetricLine.parse(
                "{\"name\": \"resnet\", \"nested\": {\"y\": 2}, \"list\": [1, 2], \"ok\": true, \"none\": null, \"x\": 1}"));
    }

    @Test
    void keyValueLines() {
        assertEquals(Optional.of(line(3L, "val_loss", 0.2)), MetricLine.parse("step=3 val_loss=0.2"));
        assertEquals(Optional.of(line(null, "loss", 0.5)), MetricLine.parse("loss=0.5"));
        assertEquals(Optional.of(line(4L, "loss", 0.5, "acc", Double.NaN, "train/lr", 1e-3)),
                MetricLine.parse("epoch=4, loss=0.5,acc=nan  train/lr=1e-3"));
        assertEquals(Optional.of(line(null, "loss", 0.1)), MetricLine.parse("model=resnet loss=.1"),
                "a non-numeric value is skipped, the line still counts");
        assertEquals(Optional.of(line(null, "x", Double.POSITIVE_INFINITY, "y", -2)), MetricLine.parse("x=inf y=-2"));
    }

    @Test
    void ordinaryPrintsCarryNoMetrics() {
        for (String text : new String[]{"", "   ", "starting", "using lr=0.1", "Epoch 1: loss=0.3", "a=1d",
                "x=", "=3", "{not json}", "{\"a\": 1} trailing", "[1, 2]", "{\"step\": 3}", "step=3",
                "{\"a\": \"text\"}", "{\"a\": 1}{\"b\": 2}", "PATH=/usr/bin"}) {
            assertTrue(MetricLine.parse(text).isEmpty(), text);
        }
        assertTrue(MetricLine.parse(null).isEmpty());
    }
}
