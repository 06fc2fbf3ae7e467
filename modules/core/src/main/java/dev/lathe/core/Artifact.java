package dev.lathe.core;

/** A file kept with a run: its path inside the run, and the sha256 of its bytes in the blob store. */
public record Artifact(String path, String sha256, long size) {
}
