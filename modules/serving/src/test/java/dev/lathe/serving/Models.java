package dev.lathe.serving;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Model folders trained by the real trainers on the module's copies of the shared datasets. */
final class Models {
    private Models() {
    }

    static Table table(String fileName) {
        try {
            return Table.readCsv(Path.of(Models.class.getResource("/datasets/" + fileName).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path train(Path dir, String trainer, Table table, String label, Map<String, String> params) {
        Path modelDir = dir.resolve(trainer + "-" + label);
        Trainers.byName(trainer).train(new TrainingRequest(table, label, null, params, 42, modelDir), TrainingListener.NONE);
        return modelDir;
    }

    /** Rows first..first+n-1 as column -> value maps, the label left out. */
    static List<Map<String, Object>> rows(Table table, String label, int first, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r = first; r < first + n; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column c : table.columns()) {
                if (c.name().equals(label)) {
                    continue;
                }
                row.put(c.name(), switch (c) {
                    case NumericColumn num -> num.value(r);
                    case CategoricalColumn text -> text.value(r);
                });
            }
            out.add(row);
        }
        return out;
    }
}
