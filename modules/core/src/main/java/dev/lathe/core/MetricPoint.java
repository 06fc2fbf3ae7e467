package dev.lathe.core;

/** One logged value of a metric at a step; the timestamp is milliseconds since the epoch. */
public record MetricPoint(String key, long step, long timestamp, double value) {
}
