package dev.lathe.publishing;

/** Hears how far a publish got, for a progress bar. */
@FunctionalInterface
public interface PublishListener {
    PublishListener NONE = (phase, done, total) -> { };

    /** phase: e.g. "blobs", "metrics"; done of total units (bytes, requests) so far. */
    void step(String phase, long done, long total);
}
