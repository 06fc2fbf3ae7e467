package dev.lathe.sweeps.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepSpec.EarlyTerminate;
import dev.lathe.sweeps.SweepSpec.EarlyTerminate.Type;
import dev.lathe.sweeps.SweepSpec.Goal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Replay on resume and concurrent reporting, for both schedulers. */
class SchedulerReplayTest {
    private record Report(int trial, long step, double value) {
    }

    private static final Map<String, Supplier<Scheduler>> SCHEDULERS = Map.of(
            "asha", () -> new AshaScheduler(Goal.MINIMIZE, 1, 3, 27L, 1),
            "hyperband", () -> new AshaScheduler(Goal.MAXIMIZE, 1, 2, null, 3),
            "median", () -> new MedianStoppingRule(Goal.MINIMIZE, 2, 2));

    private static Object snapshot(Scheduler s) {
        return switch (s) {
            case AshaScheduler a -> a.snapshot();
            case MedianStoppingRule m -> m.snapshot();
            default -> throw new AssertionError(s);
        };
    }

    /**
     * A live sweep: trials start in waves and run interleaved, one step each per round, stopping when told
     * (or at 30 steps); some values are NaN. Returns what was reported, in order.
     */
    private static List<Report> live(Scheduler s, int trials, long seed) {
        Random random = new Random(seed);
        List<Report> log = new ArrayList<>();
        long[] step = new long[trials];
        boolean[] done = new boolean[trials];
        double[] quality = random.doubles(trials).toArray();
        int started = 0;
        int stops = 0;
        for (int round = 0; ; round++) {
            started = Math.min(trials, started + (round % 4 == 0 ? 3 : 0));
            boolean any = false;
            for (int t = 0; t < started; t++) {
                if (done[t] || random.nextInt(4) == 0) {
                    any |= !done[t];
                    continue; // trials advance at different speeds
                }
                any = true;
                long at = ++step[t];
                double value = random.nextInt(40) == 0 ? Double.NaN : quality[t] + random.nextGaussian() * 0.1 / at;
                log.add(new Report(t, at, value));
                boolean stop = s.report(t, at, value);
                stops += stop ? 1 : 0;
                done[t] = stop || at == 30;
            }
            if (!any && started == trials) {
                assertTrue(stops > 0 && stops < trials, "the sequence prunes some trials, not all: " + stops);
                return log;
            }
        }
    }

    @Test
    void replayingTheHistoryPerTrialGivesTheLiveState() {
        SCHEDULERS.forEach((name, factory) -> {
            for (long seed = 1; seed <= 5; seed++) {
                Scheduler live = factory.get();
                List<Report> log = live(live, 24, seed);
                // the coordinator replays trial by trial, each in step order...
                Scheduler byTrial = factory.get();
                log.stream().sorted(Comparator.comparingInt(Report::trial).thenComparingLong(Report::step))
                        .forEach(r -> byTrial.report(r.trial(), r.step(), r.value()));
                // ...or step by step across trials: either must rebuild the same state
                Scheduler byStep = factory.get();
                log.stream().sorted(Comparator.comparingLong(Report::step).thenComparingInt(Report::trial))
                        .forEach(r -> byStep.report(r.trial(), r.step(), r.value()));
                assertEquals(snapshot(live), snapshot(byTrial), name + " seed " + seed);
                assertEquals(snapshot(live), snapshot(byStep), name + " seed " + seed);
                // and decide the same for new trials afterwards
                Random probe = new Random(seed);
                for (int t = 24; t < 40; t++) {
                    for (long at = 1; at <= 10; at++) {
                        double v = probe.nextDouble();
                        boolean expected = live.report(t, at, v);
                        assertEquals(expected, byTrial.report(t, at, v), name + " trial " + t + " step " + at);
                        assertEquals(expected, byStep.report(t, at, v), name + " trial " + t + " step " + at);
                    }
                }
            }
        });
    }

    @Test
    void concurrentReportsNeitherThrowNorLoseRecords() throws Exception {
        for (var entry : SCHEDULERS.entrySet()) {
            Scheduler concurrent = entry.getValue().get();
            int threads = 8;
            int trialsPerThread = 50;
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    int first = th * trialsPerThread;
                    futures.add(pool.submit(() -> {
                        Random random = new Random(first);
                        for (long at = 1; at <= 27; at++) {
                            for (int t = first; t < first + trialsPerThread; t++) {
                                concurrent.report(t, at, random.nextDouble());
                            }
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(); // rethrows anything a report threw
                }
            }
            // the same reports, one thread: every record is there (the state does not depend on interleaving)
            Scheduler serial = entry.getValue().get();
            for (int th = 0; th < threads; th++) {
                int first = th * trialsPerThread;
                Random random = new Random(first);
                for (long at = 1; at <= 27; at++) {
                    for (int t = first; t < first + trialsPerThread; t++) {
                        serial.report(t, at, random.nextDouble());
                    }
                }
            }
            assertEquals(snapshot(serial), snapshot(concurrent), entry.getKey());
        }
    }

    @Test
    void schedulersAreBuiltFromTheSpec() {
        var maximize = new SweepSpec.Metric("val_accuracy", Goal.MAXIMIZE);
        assertSame(Scheduler.NONE, Schedulers.create(null, maximize));
        Scheduler asha = Schedulers.create(new EarlyTerminate(Type.HYPERBAND, 1, 3, 27, 3, 0), maximize);
        assertEquals(List.of(3L, 9L, 27L), assertInstanceOf(AshaScheduler.class, asha).rungs(1));
        assertFalse(asha.report(3, 1, 0.1));
        assertTrue(asha.report(6, 1, 0.05), "maximize: the lower one stops");
        Scheduler median = Schedulers.create(new EarlyTerminate(Type.MEDIAN, 2, 0, null, 0, 3),
                new SweepSpec.Metric("val_loss", Goal.MINIMIZE));
        assertInstanceOf(MedianStoppingRule.class, median);
    }
}
