package dev.lathe.core;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A name in the model registry. latestVersion is its highest version (0 before the first is registered) and
 * aliases maps each of its aliases to the version it points at, sorted by alias.
 */
public record RegisteredModel(String id, String name, String description, Instant createdAt, int latestVersion,
                              Map<String, Integer> aliases) {
    public RegisteredModel {
        aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    }
}
