package dev.lathe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
    @TempDir
    Path dir;

    @Test
    void irisHasFourNumericFeaturesAndATextLabel() {
        Table iris = Table.readCsv(Datasets.path("iris.csv"));

        assertEquals("iris.csv", iris.name());
        assertEquals(150, iris.rows());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width", "species"), iris.columnNames());
        for (String name : List.of("sepal_length", "sepal_width", "petal_length", "petal_width")) {
            NumericColumn column = assertInstanceOf(NumericColumn.class, iris.column(name));
            assertEquals(150, column.size());
            assertEquals(0, column.missing());
            assertFalse(column.isIntegral());
        }
        CategoricalColumn species = assertInstanceOf(CategoricalColumn.class, iris.column("species"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), species.levels());
        assertEquals(5.1, ((NumericColumn) iris.column("sepal_length")).value(0));
        assertEquals(2, iris.line(0), "the first data row is line 2 (the header is line 1)");
    }

    @Test
    void wineHasThirteenNumericFeaturesAndIntegralMagnesium() {
        Table wine = Table.readCsv(Datasets.path("wine.csv"));

        assertEquals(178, wine.rows());
        assertEquals(14, wine.columns().size());
        assertEquals(13, wine.columns().stream().filter(c -> c instanceof NumericColumn).count());
        assertTrue(((NumericColumn) wine.column("magnesium")).isIntegral());
        assertFalse(((NumericColumn) wine.column("alcohol")).isIntegral());
        assertEquals(List.of("class_0", "class_1", "class_2"), ((CategoricalColumn) wine.column("cultivar")).levels());
    }

    @Test
    void sha256IsTheFilesDigestAndStable() throws IOException {
        Path copy = dir.resolve("copy.csv");
        Files.copy(Datasets.path("iris.csv"), copy);

        assertEquals("e404da8a0348eaa780e968c07a8f4dc90fe90eea54ddceeb5b444ce0caae8d30", Table.readCsv(Datasets.path("iris.csv")).sha256());
        assertEquals(Table.readCsv(Datasets.path("iris.csv")).sha256(), Table.readCsv(copy).sha256());
        assertEquals("e7a37b3477351e449f0fbce45cc3befebf1648eafd885154719badabc6b5e5df", Table.readCsv(Datasets.path("wine.csv")).sha256());

        Files.writeString(copy, Files.readString(copy).replace("5.1,3.5", "5.2,3.5"));
        assertFalse(Table.readCsv(copy).sha256().startsWith("e404da8a"), "one changed value changes the digest");
    }

    @Test
    void selectKeepsRowsInOrderWithTheirLines() {
        Table iris = Table.readCsv(Datasets.path("iris.csv"));

        Table subset = iris.select(new int[] {149, 0, 50});

        assertEquals(3, subset.rows());
        assertEquals(iris.sha256(), subset.sha256());
        assertArrayEquals(new String[] {"virginica", "setosa", "versicolor"}, ((CategoricalColumn) subset.column("species")).values());
        assertEquals(151, subset.line(0));
        assertEquals(2, subset.line(1));
    }

    @Test
    void unknownColumnListsTheAvailableOnes() {
        Table iris = Table.readCsv(Datasets.path("iris.csv"));

        DataException e = assertThrows(DataException.class, () -> iris.column("petal"));

        assertTrue(e.getMessage().contains("column 'petal'"), e.getMessage());
        assertTrue(e.getMessage().contains("sepal_length, sepal_width, petal_length, petal_width, species"), e.getMessage());
    }

    @Test
    void quotesBomCrlfAndMissingValues() throws IOException {
        Path file = dir.resolve("mixed.csv");
        String text = "\uFEFFid,city,score,note\r\n"
                + "1,\"Paris, France\",3.5,\"said \"\"hi\"\"\"\r\n"
                + "2,Berlin,NA,\"two\r\nlines\"\r\n"
                + "3,,n/a,null\r\n"
                + "\r\n"
                + "4,NULL, 7 ,NaN\r\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);

        Table table = Table.readCsv(file);

        assertEquals(List.of("id", "city", "score", "note"), table.columnNames(), "the BOM is not part of the first name");
        assertEquals(4, table.rows());
        NumericColumn id = assertInstanceOf(NumericColumn.class, table.column("id"));
        assertTrue(id.isIntegral());
        CategoricalColumn city = assertInstanceOf(CategoricalColumn.class, table.column("city"));
        assertEquals("Paris, France", city.value(0));
        assertNull(city.value(2));
        assertEquals(2, city.missing());
        NumericColumn score = assertInstanceOf(NumericColumn.class, table.column("score"));
        assertEquals(2, score.missing());
        assertEquals(7.0, score.value(3));
        CategoricalColumn note = assertInstanceOf(CategoricalColumn.class, table.column("note"));
        assertEquals("said \"hi\"", note.value(0));
        assertEquals("two\r\nlines", note.value(1));
        assertEquals(List.of(2L, 3L, 5L, 7L), List.of(table.line(0), table.line(1), table.line(2), table.line(3)),
                "lines count the quoted line break and the blank line");
    }

    @Test
    void mostlyTextColumnIsCategorical() throws IOException {
        Path file = write("codes.csv", "code,y\nA1,1\n22,2\nB7,3\n");

        assertInstanceOf(CategoricalColumn.class, Table.readCsv(file).column("code"));
    }

    @Test
    void missingFile() {
        DataException e = assertThrows(DataException.class, () -> Table.readCsv(dir.resolve("nope.csv")));

        assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }

    @Test
    void directory() {
        DataException e = assertThrows(DataException.class, () -> Table.readCsv(dir));

        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("empty.csv", "");

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertEquals(file + ": is empty: no header row", e.getMessage());
    }

    @Test
    void headerOnly() throws IOException {
        Path file = write("header.csv", "a,b,c\n");

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertEquals(file + ": has a header but no data rows", e.getMessage());
    }

    @Test
    void duplicateHeaderName() throws IOException {
        Path file = write("dup.csv", "a,b,a\n1,2,3\n");

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertEquals(1, e.line());
        assertEquals("a", e.column());
        assertTrue(e.getMessage().startsWith(file + ", line 1, column 'a': "), e.getMessage());
        assertTrue(e.getMessage().contains("twice (fields 1 and 3)"), e.getMessage());
    }

    @Test
    void blankHeaderName() throws IOException {
        Path file = write("blank.csv", "a, ,c\n1,2,3\n");

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertTrue(e.getMessage().startsWith(file + ", line 1: header field 2 is blank"), e.getMessage());
    }

    @Test
    void raggedRowNamesItsLine() throws IOException {
        List<String> lines = Files.readAllLines(Datasets.path("wine.csv"));
        lines.set(11, "13.2,1.78,2.14,11.2,100");
        Path file = dir.resolve("wine.csv");
        Files.write(file, lines);

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertEquals(12, e.line());
        assertEquals(file + ", line 12: the row has 5 fields; the header has 14", e.getMessage());
    }

    @Test
    void strayTextInANumericColumnNamesLineColumnAndValue() throws IOException {
        List<String> lines = Files.readAllLines(Datasets.path("wine.csv"));
        lines.set(56, lines.get(56).replaceFirst("^13\\.56", "abc"));
        Path file = dir.resolve("wine.csv");
        Files.write(file, lines);

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertEquals(file + ", line 57, column 'alcohol': 'abc' is not a number (the column's other 177 values are numbers)",
                e.getMessage());
    }

    @Test
    void malformedUtf8NamesTheFileAndLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "city,n\nBerlin,1\nK\u00f6ln,2\n".getBytes(StandardCharsets.ISO_8859_1));

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file + ", line 3: is not valid UTF-8"), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsReported() throws IOException {
        Path file = write("quote.csv", "a,b\n1,\"open\n2,3\n");

        DataException e = assertThrows(DataException.class, () -> Table.readCsv(file));

        assertTrue(e.getMessage().startsWith(file + ": is not valid CSV"), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @org.junit.jupiter.api.Test
    void numbersAreRecognisedAsTheCsvWritesThem() {
        for (String yes : new String[] {"1", "-2", "+3", "4.", ".5", "6.25", "1e5", "1E-5", "-7.5e+3", "00"}) {
            org.junit.jupiter.api.Assertions.assertTrue(CsvReader.isNumber(yes), yes);
        }
        for (String no : new String[] {"", "-", ".", "e5", "1e", "1e+", "NaN", "Infinity", "0x1p3", "1d", "1f", "1.2.3", " 1", "1 ", "1,5"}) {
            org.junit.jupiter.api.Assertions.assertFalse(CsvReader.isNumber(no), no);
        }
    }
}
