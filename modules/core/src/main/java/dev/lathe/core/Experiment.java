package dev.lathe.core;

import java.time.Instant;

/** A named group of runs. */
public record Experiment(String id, String name, String description, Instant createdAt, boolean archived) {
}
