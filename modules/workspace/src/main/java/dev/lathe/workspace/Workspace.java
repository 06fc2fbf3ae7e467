package dev.lathe.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A Lathe workspace: the folder holding {@code workspace.db} (SQLite) and {@code blobs/} (content-addressed
 * files). Open it once per process and share the instance; it is safe for use from many threads.
 */
public final class Workspace implements AutoCloseable {
    public static final String DB_FILE = "workspace.db";

    public enum Mode {
        /** Create the folder and database when missing. */
        CREATE,
        /** Fail with a clear message when there is no workspace at the path. */
        EXISTING
    }

    private final Path root;
    private final Database db;
    private final BlobStore blobs;
    private final ExperimentRepository experiments;
    private final RunRepository runs;
    private final MetricRepository metrics;
    private final ArtifactRepository artifacts;
    private final DatasetRepository datasets;
    private final SweepRepository sweeps;
    private final RegistryRepository registry;
    private final OutboxRepository outbox;

    private Workspace(Path root, Database db) {
        this.root = root;
        this.db = db;
        this.blobs = new BlobStore(root.resolve("blobs"));
        this.experiments = new ExperimentRepository(db);
        this.runs = new RunRepository(db);
        this.metrics = new MetricRepository(db);
        this.artifacts = new ArtifactRepository(db, runs, blobs);
        this.datasets = new DatasetRepository(db, runs);
        this.sweeps = new SweepRepository(db, runs);
        this.registry = new RegistryRepository(db, runs, artifacts);
        this.outbox = new OutboxRepository(db);
    }

    public static Workspace open(Path root) {
        return open(root, Mode.CREATE);
    }

    /**
     * Opens (and if asked creates) the workspace at root, migrating its schema to this build's. A workspace
     * written by a newer Lathe is refused with {@link NewerWorkspaceException} and left as it was. RUNNING runs
     * whose process has died are marked KILLED ("lost").
     */
    public static Workspace open(Path root, Mode mode) {
        Path dir = root.toAbsolutePath().normalize();
        Path file = dir.resolve(DB_FILE);
        if (mode == Mode.EXISTING && !Files.isRegularFile(file)) {
            throw new WorkspaceException("no Lathe workspace at " + dir + " (missing " + DB_FILE
                    + "); create one by training a run into it, or pass --workspace");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new WorkspaceException("workspace path " + dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WorkspaceException("cannot create workspace folder " + dir + ": " + describe(e), e);
        }
        Database db = new Database(file);
        // a file lock orders two processes opening (and maybe migrating) the same workspace at once
        try (FileChannel ch = FileChannel.open(dir.resolve(".open.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            try (Connection c = Database.baseConfig().createConnection(db.url())) {
                Schema.checkNotNewer(db, c);
                Schema.migrate(db, c);
            }
        } catch (SQLException e) {
            throw db.translate(e);
        } catch (IOException e) {
            throw new WorkspaceException("cannot write to workspace folder " + dir + ": " + describe(e), e);
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new WorkspaceException("cannot migrate workspace " + file + ": " + e.getMessage(), e);
        }
        Workspace ws = new Workspace(dir, db);
        ws.runs.markLostRuns();
        ws.sweeps.markLostSweeps();
        return ws;
    }

    private static String describe(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    public Path root() {
        return root;
    }

    public Path databaseFile() {
        return db.file();
    }

    public int schemaVersion() {
        return db.read(Schema::currentVersion);
    }

    public BlobStore blobs() {
        return blobs;
    }

    public ExperimentRepository experiments() {
        return experiments;
    }

    public RunRepository runs() {
        return runs;
    }

    public MetricRepository metrics() {
        return metrics;
    }

    public ArtifactRepository artifacts() {
        return artifacts;
    }

    public DatasetRepository datasets() {
        return datasets;
    }

    public SweepRepository sweeps() {
        return sweeps;
    }

    /** The model registry: named models, their versions (runs) and aliases. */
    public RegistryRepository registry() {
        return registry;
    }

    /** The publishing outbox: publish jobs to remote targets, queued while a target is unreachable. */
    public OutboxRepository outbox() {
        return outbox;
    }

    /** Runs SQLite's integrity check and returns its verdict ("ok" when healthy). */
    public String integrityCheck() {
        List<String> verdict = db.read(c -> Sql.query(c, "PRAGMA integrity_check", rs -> rs.getString(1)));
        return String.join("; ", verdict);
    }

    @Override
    public void close() {
        db.close();
    }
}
