package dev.lathe.workspace;

import dev.lathe.core.DatasetRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Datasets by content hash, and which runs read them. */
public final class DatasetRepository {
    private final Database db;
    private final RunRepository runs;

    DatasetRepository(Database db, RunRepository runs) {
        this.db = db;
        this.runs = runs;
    }

    /** Records a dataset (once per content hash) and links it to the run in a role such as "train". */
    public void recordForRun(String runId, DatasetRecord dataset, String role) {
        db.write(c -> {
            Sql.update(c, """
                    INSERT INTO dataset (sha256, name, source, rows, columns, profile, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING""",
                    dataset.sha256(), dataset.name(), dataset.source(), dataset.rows(), dataset.columns(),
                    dataset.profileJson(), System.currentTimeMillis());
            return Sql.update(c, "INSERT OR IGNORE INTO run_dataset (run_pk, dataset_sha256, role) VALUES (?, ?, ?)",
                    runs.pk(c, runId), dataset.sha256(), role);
        });
    }

    public Optional<DatasetRecord> get(String sha256) {
        return db.read(c -> Sql.query(c, "SELECT * FROM dataset WHERE sha256 = ?", DatasetRepository::map, sha256))
                .stream().findFirst();
    }

    public List<DatasetRecord> forRun(String runId) {
        return db.read(c -> Sql.query(c, """
                SELECT d.* FROM dataset d JOIN run_dataset rd ON rd.dataset_sha256 = d.sha256
                JOIN run r ON r.pk = rd.run_pk WHERE r.id = ? ORDER BY rd.role""", DatasetRepository::map, runId));
    }

    static DatasetRecord map(ResultSet rs) throws SQLException {
        return new DatasetRecord(rs.getString("sha256"), rs.getString("name"), rs.getString("source"),
                rs.getLong("rows"), rs.getInt("columns"), rs.getString("profile"));
    }
}
