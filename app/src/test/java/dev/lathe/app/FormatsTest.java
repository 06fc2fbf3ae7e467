package dev.lathe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.core.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void longSampledParamValuesAreShortenedAndTheRestKept() {
        assertEquals("0.4712", Formats.param("0.47121560019"));
        assertEquals("5.746e-04", Formats.param("0.000574612345"));
        assertEquals("0.001", Formats.param("0.001"));
        assertEquals("128", Formats.param("128"));
        assertEquals("adam", Formats.param("adam"));
        assertEquals("2024-01-01.5", Formats.param("2024-01-01.5"));
    }

    @Test
    void metricsShowFourSignificantDigits() {
        assertEquals("0.9312", Formats.metric(0.93123));
        assertEquals("0.8", Formats.metric(0.8));
        assertEquals("12.35", Formats.metric(12.3456));
        assertEquals("1235", Formats.metric(1234.56));
        assertEquals("-0.001235", Formats.metric(-0.0012345));
        assertEquals("1.235e+07", Formats.metric(12_345_678));
        assertEquals("3.142e-05", Formats.metric(0.0000314159));
        assertEquals("0", Formats.metric(0));
        assertEquals("NaN", Formats.metric(Double.NaN));
    }

    @Test
    void durationsReadAtAGlance() {
        assertEquals("850 ms", Formats.duration(Duration.ofMillis(850)));
        assertEquals("42s", Formats.duration(Duration.ofSeconds(42)));
        assertEquals("3m 05s", Formats.duration(Duration.ofSeconds(185)));
        assertEquals("1h 02m", Formats.duration(Duration.ofMinutes(62)));
        assertEquals("2d 03h", Formats.duration(Duration.ofHours(51)));
    }

    @Test
    void countsAndStatusesReadAsWords() {
        assertEquals("1 run", Formats.count(1, "run"));
        assertEquals("0 runs", Formats.count(0, "run"));
        assertEquals("Finished", Formats.status(RunStatus.FINISHED));
        assertEquals("2025-03-04 05:06", Formats.dateTime(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC));
    }
}
