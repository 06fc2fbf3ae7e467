package dev.lathe.core;

import java.time.Instant;

/**
 * One change of an alias: fromVersion is null when the alias was created, toVersion null when it was deleted.
 * user is the OS account that made the change.
 */
public record AliasEvent(String modelName, String alias, Integer fromVersion, Integer toVersion, Instant at,
                         String user, String comment) {
}
