package dev.lathe.workspace;

import dev.lathe.core.Experiment;
import dev.lathe.core.ExperimentSummary;
import dev.lathe.core.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Experiments: named groups of runs. */
public final class ExperimentRepository {
    private final Database db;

    ExperimentRepository(Database db) {
        this.db = db;
    }

    /** The experiment with this name, created when it does not exist yet. */
    public Experiment getOrCreate(String name) {
        String clean = requireName(name);
        return db.write(c -> {
            Sql.update(c, "INSERT INTO experiment (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                    Ids.newId(), clean, System.currentTimeMillis());
            return Sql.query(c, "SELECT * FROM experiment WHERE name = ?", ExperimentRepository::map, clean).get(0);
        });
    }

    public Optional<Experiment> byName(String name) {
        return db.read(c -> Sql.query(c, "SELECT * FROM experiment WHERE name = ?", ExperimentRepository::map, name))
                .stream().findFirst();
    }

    public Optional<Experiment> byId(String id) {
        return db.read(c -> Sql.query(c, "SELECT * FROM experiment WHERE id = ?", ExperimentRepository::map, id))
                .stream().findFirst();
    }

    /** Experiments by name, with how many runs each holds. */
    public List<ExperimentSummary> list() {
        return db.read(c -> Sql.query(c, """
                SELECT e.*, COUNT(r.pk) AS runs,
                       SUM(CASE WHEN r.status IN ('QUEUED', 'RUNNING') THEN 1 ELSE 0 END) AS live,
                       MAX(r.started_at) AS last_run
                FROM experiment e LEFT JOIN run r ON r.experiment_id = e.id
                GROUP BY e.id ORDER BY e.name
                """, rs -> {
            Long last = Sql.getLong(rs, "last_run");
            return new ExperimentSummary(map(rs), rs.getInt("runs"), rs.getInt("live"),
                    last == null ? null : Instant.ofEpochMilli(last));
        }));
    }

    public void setArchived(String id, boolean archived) {
        db.write(c -> Sql.update(c, "UPDATE experiment SET archived = ? WHERE id = ?", archived ? 1 : 0, id));
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be empty");
        }
        return name.strip();
    }

    static Experiment map(ResultSet rs) throws SQLException {
        return new Experiment(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getInt("archived") != 0);
    }
}
