package dev.lathe.workspace;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The connections of one open workspace: a single writer (all writes of this process go through it, one
 * transaction at a time) and a pool of readers. WAL mode lets readers run while a writer commits, and the
 * busy timeout lets a second process wait for its turn instead of failing with "database is locked".
 */
final class Database implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 60_000;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Connection> readers = new ConcurrentLinkedQueue<>();
    private Connection writer;
    private volatile boolean closed;

    Database(Path file) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    String url() {
        return url;
    }

    static SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config;
    }

    Connection openWriter() throws SQLException {
        SQLiteConfig config = baseConfig();
        // FULL: a commit is on disk when it returns, so flushed metric points survive a crash or power cut
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);

        Connection c = config.createConnection(url);
        try (var st = c.createStatement()) {
            // checkpoint the WAL into the database every ~16 MB instead of every 4 MB: fewer stalls under
            // heavy metric logging, and still a small WAL for readers
            st.execute("PRAGMA wal_autocheckpoint = 4000");
        }
        return c;
    }

    private Connection openReader() throws SQLException {
        SQLiteConfig config = baseConfig();
        config.setReadOnly(true);
        return config.createConnection(url);
    }

    /** Runs work in one write transaction; commits when it returns, rolls back when it throws. */
    <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            if (writer == null) {
                writer = openWriter();
            }
            // BEGIN and COMMIT by hand, in autocommit mode: sqlite-jdbc's own transactions begin the next one
            // right after each commit, which with IMMEDIATE would hold the write lock while idle and lock out
            // every other process. IMMEDIATE takes the lock at BEGIN, so two writers never deadlock upgrading.
            try (var st = writer.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run(writer);
                try (var st = writer.createStatement()) {
                    st.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            writeLock.unlock();
        }
    }

    <T> T read(Work<T> work) {
        ensureOpen();
        Connection c = readers.poll();
        try {
            if (c == null) {
                c = openReader();
            }
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            if (c != null) {
                if (closed) {
                    closeQuietly(c);
                } else {
                    readers.offer(c);
                }
            }
        }
    }

    private void rollbackQuietly() {
        try (var st = writer.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("workspace " + file + " is closed");
        }
    }

    WorkspaceException translate(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("SQLITE_NOTADB") || msg.contains("SQLITE_CORRUPT")) {
            return new WorkspaceException("workspace database " + file + " is damaged or not a Lathe workspace ("
                    + msg + "); it was not changed", e);
        }
        if (msg.contains("SQLITE_READONLY") || msg.contains("SQLITE_CANTOPEN")) {
            return new WorkspaceException("cannot write workspace database " + file + " (" + msg
                    + "); check that the folder exists and is writable", e);
        }
        if (msg.contains("SQLITE_FULL")) {
            return new WorkspaceException("disk full while writing " + file + "; the last transaction was rolled back", e);
        }
        return new WorkspaceException("workspace " + file + ": " + msg, e);
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (writer != null) {
                closeQuietly(writer);
            }
            Connection c;
            while ((c = readers.poll()) != null) {
                closeQuietly(c);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing; nothing left to protect
        }
    }
}
