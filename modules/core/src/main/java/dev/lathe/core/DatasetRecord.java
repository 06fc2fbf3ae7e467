package dev.lathe.core;

/**
 * A dataset a run read, identified by the sha256 of its bytes. {@code profileJson} holds the per-column
 * profile (type, counts, range, histogram or categories) that later drift checks compare against.
 */
public record DatasetRecord(String sha256, String name, String source, long rows, int columns, String profileJson) {
}
