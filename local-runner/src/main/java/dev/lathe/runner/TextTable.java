package dev.lathe.runner;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with columns sized to their widest cell, for terminal listings. */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers) {
        this.headers = headers;
    }

    void add(List<String> row) {
        rows.add(row);
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i) == null ? 0 : r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths);
        for (List<String> r : rows) {
            line(sb, r, widths);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i) == null ? "" : cells.get(i);
            l.append(c);
            if (i < cells.size() - 1) {
                l.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
