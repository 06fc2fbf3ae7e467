package dev.lathe.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a CSV file into a {@link Table}; every failure becomes a {@link DataException} naming where it is. */
final class CsvReader {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null");
    // Stricter than Double.parseDouble, which also takes "1d", "0x1p3" and "Infinity": those are not numbers
    // a user would write in a CSV and would rather be a typo.
    /** A column with at least this share of numbers is taken to be numeric with typos, not text. */
    private static final double MOSTLY_NUMERIC = 0.9;

    private CsvReader() {
    }

    static Table read(Path file) {
        byte[] bytes = readBytes(file);
        if (bytes.length == 0) {
            throw new DataException(file, 0, null, "is empty: no header row");
        }
        String text = decode(file, bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new DataException(file, 0, null, "is empty: no header row");
        }

        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        LineCounter counter = new LineCounter(text);
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                long line = counter.lineAt(record.getCharacterPosition());
                if (header == null) {
                    header = checkHeader(file, line, record);
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new DataException(file, line, null, "the row has " + record.size() + " field"
                            + (record.size() == 1 ? "" : "s") + "; the header has " + header.size());
                }
                String[] row = new String[record.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = record.get(i).strip();
                }
                rows.add(row);
                lines.add(line);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV reports a broken quote as an I/O problem with "(startline N)" in its message.
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new DataException(file, 0, null, "is not valid CSV: " + cause.getMessage());
        }
        if (header == null) {
            throw new DataException(file, 0, null, "is empty: no header row");
        }
        if (rows.isEmpty()) {
            throw new DataException(file, 0, null, "has a header but no data rows");
        }

        long[] lineArray = lines.stream().mapToLong(Long::longValue).toArray();
        List<Column> columns = new ArrayList<>(header.size());
        for (int c = 0; c < header.size(); c++) {
            columns.add(typed(file, header.get(c), c, rows, lineArray));
        }
        return new Table(file, sha256(bytes), columns, lineArray);
    }

    private static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataException(file, 0, null, "is a directory, not a CSV file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, 0, null, "no such file");
        } catch (AccessDeniedException e) {
            throw new DataException(file, 0, null, "cannot be read: permission denied");
        } catch (IOException e) {
            throw new DataException(file, 0, null, "cannot be read: " + e.getMessage());
        }
    }

    /** Strict UTF-8: a file in another encoding fails here, naming the line, instead of being garbled. */
    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            long line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new DataException(file, line, null, String.format(Locale.ROOT,
                    "is not valid UTF-8 text (byte 0x%02X at offset %d); save the file as UTF-8",
                    bytes[offset] & 0xFF, offset));
        }
        out.flip();
        return out.toString();
    }

    private static List<String> checkHeader(Path file, long line, CSVRecord record) {
        List<String> names = new ArrayList<>(record.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).strip();
            if (name.isEmpty()) {
                throw new DataException(file, line, null, "header field " + (i + 1) + " is blank; every column needs a name");
            }
            Integer before = seen.putIfAbsent(name, i + 1);
            if (before != null) {
                throw new DataException(file, line, name, "the header names this column twice (fields " + before
                        + " and " + (i + 1) + "); column names must be unique");
            }
            names.add(name);
        }
        return names;
    }

    private static Column typed(Path file, String name, int index, List<String[]> rows, long[] lines) {
        int n = rows.size();
        double[] numbers = new double[n];
        int present = 0;
        int numeric = 0;
        int firstBad = -1;
        for (int r = 0; r < n; r++) {
            String value = rows.get(r)[index];
            if (isMissing(value)) {
                numbers[r] = Double.NaN;
                continue;
            }
            present++;
            if (isNumber(value)) {
                numbers[r] = Double.parseDouble(value);
                numeric++;
            } else if (firstBad < 0) {
                firstBad = r;
            }
        }
        if (numeric == present) {
            return new NumericColumn(name, numbers);
        }
        if (numeric >= MOSTLY_NUMERIC * present) {
            int bad = present - numeric;
            String others = bad == 1
                    ? "the column's other " + numeric + " values are numbers"
                    : numeric + " of the column's " + present + " values are numbers; " + bad + " are not";
            throw new DataException(file, lines[firstBad], name,
                    "'" + rows.get(firstBad)[index] + "' is not a number (" + others + ")");
        }
        String[] texts = new String[n];
        for (int r = 0; r < n; r++) {
            String value = rows.get(r)[index];
            texts[r] = isMissing(value) ? null : value;
        }
        return new CategoricalColumn(name, texts);
    }

    /**
     * A plain decimal number: [+-] digits [. digits] [e [+-] digits], as the pattern
     * {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?} says, checked by hand because this runs once per cell
     * (a regex took most of the time of reading a large file). Java's parser alone would also take "NaN",
     * "Infinity", hex floats and a "d" suffix, which are not numbers in a CSV file.
     */
    static boolean isNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && fracDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    static boolean isMissing(String value) {
        return value.length() <= 4 && MISSING.contains(value.toLowerCase(Locale.ROOT));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Turns character positions into line numbers, walking forward once (records come in order). */
    private static final class LineCounter {
        private final String text;
        private int position;
        private long line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        long lineAt(long characterPosition) {
            int target = (int) Math.min(characterPosition, text.length());
            while (position < target) {
                step();
            }
            // A record's position is where the parser started looking, before the empty lines it skips.
            while (position < text.length() && (text.charAt(position) == '\n' || text.charAt(position) == '\r')) {
                step();
            }
            return line;
        }

        private void step() {
            char c = text.charAt(position);
            if (c == '\n' || (c == '\r' && (position + 1 >= text.length() || text.charAt(position + 1) != '\n'))) {
                line++;
            }
            position++;
        }
    }
}
