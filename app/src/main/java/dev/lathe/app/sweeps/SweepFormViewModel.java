package dev.lathe.app.sweeps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The new-sweep form: the fields of a sweep file as properties the view binds both ways, the data file's columns
 * and the trainers (read in the background), and the YAML those fields make. The runner is the one judge of the
 * file: the form writes what the user typed, and a refused file comes back as the runner's message.
 */
public final class SweepFormViewModel {
    public static final List<String> METRICS = List.of("val_accuracy", "val_loss", "val_f1_macro", "val_rmse",
            "val_mae", "val_r2");
    public static final List<String> GOALS = List.of("maximize", "minimize");
    public static final List<String> EARLY_STOPS = List.of("none", "hyperband", "median");

    /** One search-space row; the view binds its fields both ways. */
    public static final class SearchRow {
        private final StringProperty name = new SimpleStringProperty("");
        private final StringProperty kind = new SimpleStringProperty("values");
        private final StringProperty a = new SimpleStringProperty("");
        private final StringProperty b = new SimpleStringProperty("");
        private final StringProperty q = new SimpleStringProperty("");

        public SearchRow() {
        }

        SearchRow(SweepDraft.Param p) {
            name.set(p.name());
            kind.set(p.kind());
            a.set(p.a());
            b.set(p.b());
            q.set(p.q());
        }

        public StringProperty nameProperty() {
            return name;
        }

        /** value, values or a distribution name ({@link SweepDraft#KINDS}). */
        public StringProperty kindProperty() {
            return kind;
        }

        /** value, the values as a comma list, min, or mu. */
        public StringProperty aProperty() {
            return a;
        }

        /** max or sigma. */
        public StringProperty bProperty() {
            return b;
        }

        public StringProperty qProperty() {
            return q;
        }

        SweepDraft.Param toParam() {
            return new SweepDraft.Param(name.get().strip(), kind.get(), a.get(), b.get(), q.get());
        }

        Observable[] fields() {
            return new Observable[] {name, kind, a, b, q};
        }
    }

    private final Path workspace;
    private final RunnerClient runner;
    private final AsyncRunner async;
    private final ObjectMapper json = new ObjectMapper();

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty experiment = new SimpleStringProperty("");
    private final ObjectProperty<Path> dataFile = new SimpleObjectProperty<>();
    private final StringProperty label = new SimpleStringProperty("");
    private final StringProperty trainer = new SimpleStringProperty("");
    private final StringProperty metric = new SimpleStringProperty("val_accuracy");
    private final StringProperty goal = new SimpleStringProperty("maximize");
    private final StringProperty method = new SimpleStringProperty("random");
    private final StringProperty earlyStop = new SimpleStringProperty("none");
    private final StringProperty minIter = new SimpleStringProperty("3");
    private final StringProperty eta = new SimpleStringProperty("3");
    private final StringProperty minTrials = new SimpleStringProperty("3");
    private final StringProperty runCap = new SimpleStringProperty("10");
    private final StringProperty maxMinutes = new SimpleStringProperty("");
    private final StringProperty parallel = new SimpleStringProperty("auto");
    private final StringProperty seed = new SimpleStringProperty("0");
    // rows fire an update when any of their fields changes, so the YAML preview follows every keystroke
    private final ObservableList<SearchRow> rows = FXCollections.observableArrayList(SearchRow::fields);

    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<String> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<TrainerInfo> trainers = FXCollections.observableArrayList();
    private final ObservableList<TrainerInfo> trainersView = FXCollections.unmodifiableObservableList(trainers);
    private final ObservableList<TrainerInfo.Param> trainerParams = FXCollections.observableArrayList();
    private final ObservableList<TrainerInfo.Param> trainerParamsView = FXCollections.unmodifiableObservableList(trainerParams);
    private final ReadOnlyStringWrapper yaml = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    /** Counts header reads, so a slow read of an older file never fills the labels of a newer one. */
    private long headerRequest;

    public SweepFormViewModel(Path workspace, RunnerCommand runner, Executor background, Executor ui) {
        this.workspace = workspace;
        this.runner = new RunnerClient(runner);
        this.async = new AsyncRunner(background, ui);
        for (Observable o : List.of(name, experiment, dataFile, label, trainer, metric, goal, method, earlyStop, minIter,
                eta, minTrials, runCap, maxMinutes, parallel, seed, rows)) {
            o.addListener(x -> refreshYaml());
        }
        // the goal follows the metric's name as the runner's default does; the user can still change it after
        metric.addListener((o, was, now) -> goal.set(defaultGoal(now)));
        trainer.addListener((o, was, now) -> refreshTrainerParams());
        dataFile.addListener((o, was, now) -> readHeader(now));
        refreshYaml();
    }

    /** Lists the trainers with {@code lathe trainers --format json}, once; picks the first when none is chosen. */
    public void loadTrainers() {
        async.run(() -> {
            RunnerClient.Result r = runner.run(null, "trainers", "--format", "json");
            if (!r.ok()) {
                throw new IllegalArgumentException("listing the trainers failed: " + r.message());
            }
            return TrainerInfo.parseAll(json.readTree(r.stdout()));
        }, list -> {
            trainers.setAll(list);
            if (trainer.get().isBlank() && !list.isEmpty()) {
                trainer.set(list.getFirst().name());
            }
            refreshTrainerParams();
        }, e -> message.set(ErrorMessages.asSentence(ErrorMessages.describe(e))));
    }

    /** A new row, for the first of the trainer's params not yet in the space, with a kind that fits it. */
    public SearchRow addRow() {
        SearchRow row = new SearchRow();
        List<String> used = rows.stream().map(r -> r.nameProperty().get()).toList();
        trainerParams.stream().filter(p -> !used.contains(p.name())).findFirst().ifPresent(p -> fill(row, p));
        rows.add(row);
        return row;
    }

    /** Sets row's name to param, with a kind and a range that fit it (the param's own range, or its choices). */
    public void fill(SearchRow row, TrainerInfo.Param param) {
        row.nameProperty().set(param.name());
        String kind = param.suggestedKind();
        row.kindProperty().set(kind);
        if (kind.equals("values")) {
            row.aProperty().set(param.choices().isEmpty() ? param.defaultValue()
                    : String.join(", ", param.choices()));
            row.bProperty().set("");
        } else {
            double lo = param.min() == null ? 0 : param.min();
            double hi = param.max() == null ? 1 : param.max();
            boolean integer = kind.equals("int_uniform");
            row.aProperty().set(number(lo, integer));
            row.bProperty().set(number(hi, integer));
        }
    }

    public void removeRow(SearchRow row) {
        rows.remove(row);
    }

    /** Where Save writes when no file was opened or saved yet: WORKSPACE/sweeps/NAME.yaml. */
    public Path defaultFile() {
        String base = name.get().isBlank() ? "sweep" : name.get().strip().replaceAll("[^A-Za-z0-9._-]+", "-");
        return workspace.resolve("sweeps").resolve(base + ".yaml").toAbsolutePath();
    }

    /** The file Save writes: the one opened or saved last, else {@link #defaultFile()}. */
    public Path target() {
        return file.get() != null ? file.get() : defaultFile();
    }

    /** The fields as a draft for a sweep file at yamlFile (the data path is written relative to it when inside). */
    public SweepDraft draft(Path yamlFile) {
        return new SweepDraft(name.get(), experiment.get(), dataText(yamlFile), label.get(), trainer.get(),
                method.get(), metric.get(), goal.get(), rows.stream().map(SearchRow::toParam)
                .filter(p -> !p.name().isEmpty()).toList(), earlyStopDraft(), runCap.get(), maxMinutes.get(),
                parallel.get(), seed.get());
    }

    /**
     * Writes the YAML to {@link #target()} (write-then-move, so a failed write never leaves half a file) and
     * completes with its path; a failure completes exceptionally and is also shown as the message.
     */
    public CompletableFuture<Path> save() {
        return saveTo(target());
    }

    /** Writes the YAML to another file ("Save as"), which then becomes the target. */
    public CompletableFuture<Path> saveTo(Path destination) {
        Path to = destination.toAbsolutePath();
        String text = SweepYaml.write(draft(to));
        CompletableFuture<Path> saved = new CompletableFuture<>();
        async.run(() -> {
            Files.createDirectories(to.getParent());
            Path tmp = Files.createTempFile(to.getParent(), ".sweep-", ".yaml.tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return to;
        }, path -> {
            file.set(path);
            message.set("Saved " + path);
            saved.complete(path);
        }, e -> {
            message.set("Cannot save " + to + ": " + e.getMessage());
            saved.completeExceptionally(e);
        });
        return saved;
    }

    /** Fills the form from a sweep file; keys the form cannot show are named in the message. */
    public CompletableFuture<Void> open(Path yamlFile) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Path abs = yamlFile.toAbsolutePath();
        async.run(() -> SweepYaml.read(Files.readString(abs, StandardCharsets.UTF_8)), read -> {
            apply(read.draft(), abs);
            file.set(abs);
            message.set(read.ignored().isEmpty() ? "Opened " + abs
                    : "Opened " + abs + "; the form does not show " + String.join(", ", read.ignored())
                    + ", and saving leaves them out");
            opened.complete(null);
        }, e -> {
            message.set("Cannot open " + abs + ": " + ErrorMessages.describe(e));
            opened.complete(null);
        });
        return opened;
    }

    /** Shows a message from outside (e.g. the runner refusing the file). */
    public void showMessage(String text) {
        message.set(text == null ? "" : text);
    }

    private void apply(SweepDraft d, Path yamlFile) {
        name.set(d.name());
        experiment.set(d.experiment());
        dataFile.set(d.data().isBlank() ? null : yamlFile.getParent().resolve(d.data()).normalize());
        label.set(d.label());
        trainer.set(d.trainer());
        method.set(d.method());
        metric.set(d.metric());
        goal.set(d.goal().isBlank() ? defaultGoal(d.metric()) : d.goal());
        switch (d.earlyStop()) {
            case SweepDraft.NoEarlyStop n -> earlyStop.set("none");
            case SweepDraft.Hyperband h -> {
                earlyStop.set("hyperband");
                minIter.set(h.minIter());
                eta.set(h.eta());
            }
            case SweepDraft.Median m -> {
                earlyStop.set("median");
                minIter.set(m.minIter());
                minTrials.set(m.minTrials());
            }
        }
        runCap.set(d.runCap());
        maxMinutes.set(d.maxMinutes());
        parallel.set(d.parallel());
        seed.set(d.seed());
        rows.setAll(d.parameters().stream().map(SearchRow::new).toList());
    }

    private SweepDraft.EarlyStop earlyStopDraft() {
        return switch (earlyStop.get()) {
            case "hyperband" -> new SweepDraft.Hyperband(minIter.get(), eta.get());
            case "median" -> new SweepDraft.Median(minIter.get(), minTrials.get());
            default -> new SweepDraft.NoEarlyStop();
        };
    }

    private String dataText(Path yamlFile) {
        Path data = dataFile.get();
        if (data == null) {
            return "";
        }
        Path abs = data.toAbsolutePath().normalize();
        Path dir = yamlFile.toAbsolutePath().getParent();
        // relative only inside the sweep file's folder, so moving the pair keeps it working; else absolute
        return dir != null && abs.startsWith(dir) ? dir.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    private void readHeader(Path data) {
        long request = ++headerRequest;
        if (data == null) {
            columns.clear();
            return;
        }
        async.run(() -> header(data), cols -> {
            if (request != headerRequest) {
                return;
            }
            columns.setAll(cols);
            // the last column is the usual place for the label; a label the file has stays
            if (!cols.contains(label.get()) && !cols.isEmpty()) {
                label.set(cols.getLast());
            }
            if (name.get().isBlank()) {
                String file = data.getFileName().toString();
                name.set(file.replaceFirst("\\.[^.]*$", "") + "-sweep");
            }
        }, e -> {
            if (request == headerRequest) {
                columns.clear();
                message.set("Cannot read the columns of " + data + ": " + ErrorMessages.describe(e));
            }
        });
    }

    /** The CSV's header row, split on commas outside double quotes. */
    static List<String> header(Path csv) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                throw new IllegalArgumentException(csv.getFileName() + " is empty");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            List<String> cols = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (char c : line.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cols.add(cell.toString().strip());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cols.add(cell.toString().strip());
            return List.copyOf(cols);
        }
    }

    /** The runner's default goal: minimize for loss-like names, maximize otherwise (docs/sweeps.md). */
    static String defaultGoal(String metricName) {
        String m = metricName == null ? "" : metricName.toLowerCase(Locale.ROOT);
        for (String word : List.of("loss", "error", "mse", "mae", "rmse", "mape", "perplexity")) {
            if (m.contains(word)) {
                return "minimize";
            }
        }
        return "maximize";
    }

    private void refreshTrainerParams() {
        trainerParams.setAll(trainers.stream().filter(t -> t.name().equals(trainer.get())).findFirst()
                .map(TrainerInfo::params).orElse(List.of()));
    }

    private void refreshYaml() {
        yaml.set(SweepYaml.write(draft(target())));
    }

    private static String number(double v, boolean integer) {
        if (integer || v == Math.rint(v) && Math.abs(v) < 1e15) {
            return integer ? Long.toString((long) v) : Long.toString((long) v) + ".0";
        }
        return Double.toString(v).replace("E", "e");
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty experimentProperty() {
        return experiment;
    }

    public ObjectProperty<Path> dataFileProperty() {
        return dataFile;
    }

    public StringProperty labelProperty() {
        return label;
    }

    public StringProperty trainerProperty() {
        return trainer;
    }

    public StringProperty metricProperty() {
        return metric;
    }

    public StringProperty goalProperty() {
        return goal;
    }

    public StringProperty methodProperty() {
        return method;
    }

    /** none, hyperband or median. */
    public StringProperty earlyStopProperty() {
        return earlyStop;
    }

    public StringProperty minIterProperty() {
        return minIter;
    }

    public StringProperty etaProperty() {
        return eta;
    }

    public StringProperty minTrialsProperty() {
        return minTrials;
    }

    public StringProperty runCapProperty() {
        return runCap;
    }

    public StringProperty maxMinutesProperty() {
        return maxMinutes;
    }

    /** "auto" or a number. */
    public StringProperty parallelProperty() {
        return parallel;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** The search space, in file order. */
    public ObservableList<SearchRow> rows() {
        return rows;
    }

    /** The data file's columns, for the label choice. */
    public ObservableList<String> columns() {
        return columnsView;
    }

    public ObservableList<TrainerInfo> trainers() {
        return trainersView;
    }

    /** The chosen trainer's params, for the search-space name choice. */
    public ObservableList<TrainerInfo.Param> trainerParams() {
        return trainerParamsView;
    }

    /** The sweep file these fields make, as Save would write it. */
    public ReadOnlyStringProperty yamlProperty() {
        return yaml.getReadOnlyProperty();
    }

    /** The last thing worth telling: saved, opened, or why not. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The file opened or saved last, or null. */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }
}
