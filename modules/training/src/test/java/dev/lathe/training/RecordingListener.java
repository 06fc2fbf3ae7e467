package dev.lathe.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps everything a trainer reports, for assertions; can ask for a stop after a number of epochs. */
public final class RecordingListener implements TrainingListener {
    public record Point(String key, long step, double value) {
    }

    public final List<Point> metrics = new ArrayList<>();
    public final Map<String, String> params = new LinkedHashMap<>();
    public final Map<String, String> environment = new LinkedHashMap<>();
    public final Map<String, String> tags = new LinkedHashMap<>();
    public final List<String> progress = new ArrayList<>();
    /** The kind of every call, in order: params, metric, progress, environment, tag. */
    public final List<String> events = new ArrayList<>();
    private final long stopAfterEpoch;
    private long epochsSeen;

    public RecordingListener() {
        this(Long.MAX_VALUE);
    }

    public RecordingListener(long stopAfterEpoch) {
        this.stopAfterEpoch = stopAfterEpoch;
    }

    @Override
    public void params(Map<String, String> resolved) {
        events.add("params");
        params.putAll(resolved);
    }

    @Override
    public void metric(String key, long step, double value) {
        events.add("metric");
        metrics.add(new Point(key, step, value));
    }

    @Override
    public void progress(String phase, long done, long total) {
        events.add("progress");
        progress.add(phase + " " + done + "/" + total);
        if (phase.equals("epoch")) {
            epochsSeen = done;
        }
    }

    @Override
    public void environment(Map<String, String> facts) {
        events.add("environment");
        environment.putAll(facts);
    }

    @Override
    public void tag(String key, String value) {
        events.add("tag");
        tags.put(key, value);
    }

    @Override
    public boolean stopRequested() {
        return epochsSeen >= stopAfterEpoch;
    }

    /** The values logged for a key, in order. */
    public List<Double> series(String key) {
        return metrics.stream().filter(p -> p.key().equals(key)).map(Point::value).toList();
    }

    public List<Long> steps(String key) {
        return metrics.stream().filter(p -> p.key().equals(key)).map(Point::step).toList();
    }
}
