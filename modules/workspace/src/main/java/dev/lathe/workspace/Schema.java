package dev.lathe.workspace;

import dev.lathe.core.LatheVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Brings a workspace database to this build's schema with Flyway, and refuses, before touching anything,
 * a database whose schema is newer than this build knows.
 */
final class Schema {
    /** The highest migration under resources/dev/lathe/workspace/migrations. */
    static final int LATEST = 6;
    static final String LOCATION = "classpath:dev/lathe/workspace/migrations";

    private Schema() {
    }

    /** The schema version recorded in the database, 0 for a new one. */
    static int currentVersion(Connection c) throws SQLException {
        List<String> tables = Sql.query(c,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'",
                rs -> rs.getString(1));
        if (tables.isEmpty()) {
            return 0;
        }
        List<Integer> v = Sql.query(c,
                "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL",
                rs -> rs.getInt(1));
        return v.isEmpty() ? 0 : v.get(0);
    }

    static String writtenBy(Connection c) {
        try {
            List<String> v = Sql.query(c, "SELECT value FROM lathe_info WHERE key = 'schema_written_by'",
                    rs -> rs.getString(1));
            return v.isEmpty() ? "unknown" : v.get(0);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    static void checkNotNewer(Database db, Connection c) throws SQLException {
        int found = currentVersion(c);
        if (found > LATEST) {
            throw new NewerWorkspaceException("workspace " + db.file() + " has schema version " + found
                    + " (written by Lathe " + writtenBy(c) + "); this Lathe " + LatheVersion.get()
                    + " reads schema versions up to " + LATEST
                    + ". Upgrade Lathe to open it; the workspace was not changed.", found, LATEST);
        }
    }

    /** Runs pending migrations; a no-op (and no Flyway start-up cost) when the schema is current. */
    static void migrate(Database db, Connection c) throws SQLException {
        if (currentVersion(c) == LATEST) {
            return;
        }
        Flyway.configure(Schema.class.getClassLoader())
                .dataSource(db.url(), null, null)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        Sql.update(c, "INSERT INTO lathe_info (key, value) VALUES ('schema_written_by', ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value", LatheVersion.get());
        Sql.update(c, "INSERT INTO lathe_info (key, value) VALUES ('created_by', ?) ON CONFLICT (key) DO NOTHING",
                LatheVersion.get());
    }
}
