package dev.lathe.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed, immutable table read from a CSV file: one {@link Column} per header name, numbers or text.
 * It remembers its source file, the file's sha256 (the dataset fingerprint) and, for every row, the line of
 * the file it came from, so later errors ("label missing") can point a user at the right line.
 */
public final class Table {
    private final Path source;
    private final String sha256;
    private final List<Column> columns;
    private final Map<String, Column> byName;
    private final long[] lines;

    Table(Path source, String sha256, List<Column> columns, long[] lines) {
        this.source = Objects.requireNonNull(source, "source");
        this.sha256 = sha256;
        this.columns = List.copyOf(columns);
        this.lines = lines;
        Map<String, Column> map = new LinkedHashMap<>();
        for (Column c : this.columns) {
            if (c.size() != lines.length) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows, not " + lines.length);
            }
            map.put(c.name(), c);
        }
        this.byName = map;
    }

    /**
     * Reads a CSV file (RFC 4180: a header row, comma separated, double quotes, CRLF or LF, UTF-8 with or
     * without a BOM). Empty, NA, N/A, NaN and null (any case) are missing values. A column is numeric when
     * every present value is a number, text otherwise.
     *
     * @throws DataException naming the file, line and column of the first problem found
     */
    public static Table readCsv(Path file) {
        return CsvReader.read(file);
    }

    /** The file this table was read from (a subset keeps its parent's source). */
    public Path source() {
        return source;
    }

    /** The file name, such as "iris.csv". */
    public String name() {
        Path fileName = source.getFileName();
        return fileName == null ? source.toString() : fileName.toString();
    }

    /** Lower-case hex sha256 of the file's bytes; a subset made by {@link #select} keeps its parent's. */
    public String sha256() {
        return sha256;
    }

    public int rows() {
        return lines.length;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return List.copyOf(byName.keySet());
    }

    public boolean hasColumn(String name) {
        return byName.containsKey(name);
    }

    /**
     * The column with this name.
     *
     * @throws DataException listing the available columns when there is none
     */
    public Column column(String name) {
        Column column = byName.get(name);
        if (column == null) {
            throw new DataException(source, 0, name, "no such column (columns: " + String.join(", ", byName.keySet()) + ")");
        }
        return column;
    }

    /** The line of the source file a row was read from (1-based; the header is line 1). */
    public long line(int row) {
        return lines[row];
    }

    /** A table of the given rows, in the given order (for train/validation splits). */
    public Table select(int[] rowIndexes) {
        long[] picked = new long[rowIndexes.length];
        for (int i = 0; i < rowIndexes.length; i++) {
            picked[i] = lines[rowIndexes[i]];
        }
        List<Column> selected = new ArrayList<>(columns.size());
        for (Column c : columns) {
            selected.add(c.select(rowIndexes));
        }
        return new Table(source, sha256, selected, picked);
    }

    @Override
    public String toString() {
        return "Table[" + name() + ", " + rows() + " rows, columns " + columnNames() + "]";
    }
}
