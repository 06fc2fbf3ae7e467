package dev.lathe.app.sweeps;

import dev.lathe.app.Formats;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The list of the workspace's sweeps; a click (or Enter) opens one's trials in the run view beside it. */
public final class SweepListView {
    private final SweepListViewModel viewModel;
    private final VBox root;

    public SweepListView(SweepListViewModel viewModel, Consumer<SweepSummary> onOpen) {
        this.viewModel = viewModel;
        TableView<SweepSummary> table = new TableView<>(viewModel.sweeps());
        table.setId("sweep-list");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(emptyState());
        // four columns fit the narrow pane; the trials column also counts pruned and failed ones
        TableColumn<SweepSummary, String> name = column("Sweep", SweepSummary::name);
        name.setPrefWidth(100);
        TableColumn<SweepSummary, String> status = column("Status", SweepSummary::status);
        status.setPrefWidth(84);
        status.setMinWidth(70);
        TableColumn<SweepSummary, String> trials = column("Trials", SweepListView::trialsText);
        trials.setPrefWidth(130);
        trials.setMinWidth(60);
        TableColumn<SweepSummary, String> best = column("Best", s -> s.best() == null || s.best().value() == null
                ? "" : Formats.metric(s.best().value()) + (s.metric().isEmpty() ? "" : " " + s.metric()));
        best.setPrefWidth(120);
        table.getColumns().setAll(List.of(name, status, trials, best));
        table.setRowFactory(t -> {
            TableRow<SweepSummary> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (row.getItem() != null) {
                    onOpen.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                onOpen.accept(table.getSelectionModel().getSelectedItem());
            }
        });

        Label title = new Label("Sweeps in this workspace");
        title.getStyleClass().add("sweep-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button refresh = new Button("Reload");
        refresh.setId("sweep-list-refresh");
        refresh.setTooltip(new Tooltip("Read the sweeps again (also done when a sweep run here ends)"));
        refresh.setOnAction(e -> viewModel.refresh());
        refresh.disableProperty().bind(viewModel.loadingProperty());
        HBox head = new HBox(8, title, grow, refresh);
        head.setAlignment(Pos.CENTER_LEFT);
        Label error = new Label();
        error.getStyleClass().add("sweep-list-error");
        error.setWrapText(true);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox.setVgrow(table, Priority.ALWAYS);
        root = new VBox(6, head, error, table);
        root.getStyleClass().add("sweep-list");
        root.setPadding(new Insets(10, 12, 10, 12));
    }

    public Node node() {
        return root;
    }

    private static Node emptyState() {
        Label title = new Label("No sweeps yet");
        title.getStyleClass().add("empty-title");
        Label text = new Label("Fill in the form below and press Start, or from a terminal:");
        text.getStyleClass().add("empty-text");
        text.setWrapText(true);
        text.setMaxWidth(340);
        text.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        TextField command = new TextField("./lathe sweep start FILE.yaml");
        command.setEditable(false);
        command.getStyleClass().add("command");
        command.setPrefColumnCount(22);
        command.setMaxWidth(Region.USE_PREF_SIZE);
        VBox box = new VBox(6, title, text, command);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    /** "8/10 · 2 pruned · 1 failed": trials done of the budget, then the ones that did not finish. */
    static String trialsText(SweepSummary s) {
        StringBuilder b = new StringBuilder().append(s.done()).append('/').append(s.runCap());
        if (s.pruned() > 0) {
            b.append(" · ").append(s.pruned()).append(" pruned");
        }
        if (s.failed() > 0) {
            b.append(" · ").append(s.failed()).append(" failed");
        }
        return b.toString();
    }

    private static TableColumn<SweepSummary, String> column(String title, Function<SweepSummary, String> value) {
        TableColumn<SweepSummary, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.length() < 14 ? null : new Tooltip(item));
            }
        });
        return col;
    }
}
