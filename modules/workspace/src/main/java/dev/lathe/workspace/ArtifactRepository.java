package dev.lathe.workspace;

import dev.lathe.core.Artifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Files kept with runs; their bytes live once in the blob store, whatever the number of runs naming them. */
public final class ArtifactRepository {
    private final Database db;
    private final RunRepository runs;
    private final BlobStore blobs;

    ArtifactRepository(Database db, RunRepository runs, BlobStore blobs) {
        this.db = db;
        this.runs = runs;
        this.blobs = blobs;
    }

    /** Stores a file's bytes and records it under path (a relative, slash-separated name) for the run. */
    public Artifact add(String runId, String path, Path file) {
        return record(runId, path, blobs.put(file));
    }

    public Artifact add(String runId, String path, byte[] bytes) {
        return record(runId, path, blobs.put(bytes));
    }

    private Artifact record(String runId, String path, BlobStore.Stored stored) {
        String clean = normalise(path);
        db.write(c -> Sql.update(c, """
                INSERT INTO artifact (run_pk, path, sha256, size, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_pk, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size""",
                runs.pk(c, runId), clean, stored.sha256(), stored.size(), System.currentTimeMillis()));
        return new Artifact(clean, stored.sha256(), stored.size());
    }

    public List<Artifact> list(String runId) {
        return db.read(c -> Sql.query(c, """
                SELECT a.path, a.sha256, a.size FROM artifact a JOIN run r ON r.pk = a.run_pk
                WHERE r.id = ? ORDER BY a.path""", rs -> new Artifact(rs.getString(1), rs.getString(2), rs.getLong(3)), runId));
    }

    /** Where the bytes of a run's artifact are, if the run has one under that path. */
    public Optional<Path> resolve(String runId, String path) {
        return list(runId).stream().filter(a -> a.path().equals(normalise(path))).findFirst()
                .map(a -> blobs.path(a.sha256()));
    }

    static String normalise(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty() || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
            throw new IllegalArgumentException("artifact path must be relative and stay inside the run: " + path);
        }
        return p;
    }
}
