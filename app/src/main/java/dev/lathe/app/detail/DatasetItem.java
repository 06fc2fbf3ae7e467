package dev.lathe.app.detail;

import dev.lathe.core.DatasetRecord;

/** A dataset the run read, as shown: name, its content hash, shape and where it came from. */
public record DatasetItem(String name, String sha256, String shape, String source) {
    static DatasetItem of(DatasetRecord d) {
        return new DatasetItem(d.name(), d.sha256(), "%,d rows × %d columns".formatted(d.rows(), d.columns()),
                d.source() == null ? "" : d.source());
    }
}
