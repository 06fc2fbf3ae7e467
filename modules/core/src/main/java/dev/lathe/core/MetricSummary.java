package dev.lathe.core;

/** Last, min and max of one metric of one run, kept up to date as points are written. */
public record MetricSummary(String key, double last, long lastStep, double min, double max, long count) {
}
