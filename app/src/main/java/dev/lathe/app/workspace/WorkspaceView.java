package dev.lathe.app.workspace;

import dev.lathe.app.ErrorMessages;
import dev.lathe.app.runs.RunsTableView;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The main window's content: toolbar, experiments sidebar, runs table and status bar; or why it cannot open. */
public final class WorkspaceView extends BorderPane {
    private final WorkspaceViewModel viewModel;
    private final ListView<SidebarItem> sidebar = new ListView<>();

    public WorkspaceView(WorkspaceViewModel viewModel, RunsTableView runsView) {
        this.viewModel = viewModel;
        getStyleClass().add("workspace-view");

        setTop(toolBar());

        VBox sidebarPane = sidebarPane();
        SplitPane split = new SplitPane(sidebarPane, runsView);
        split.setDividerPositions(0.2);
        SplitPane.setResizableWithParent(sidebarPane, false);
        split.visibleProperty().bind(viewModel.stateProperty().isEqualTo(WorkspaceViewModel.State.OPEN));

        VBox opening = messagePane("Opening the workspace…", viewModel.workspacePath().toString());
        opening.getChildren().addFirst(new ProgressIndicator());
        opening.visibleProperty().bind(viewModel.stateProperty().isEqualTo(WorkspaceViewModel.State.OPENING));

        VBox failed = failurePane();
        failed.visibleProperty().bind(viewModel.stateProperty().isEqualTo(WorkspaceViewModel.State.FAILED));

        setCenter(new StackPane(split, opening, failed));
        setBottom(statusBar());
    }

    /** F5 reloads, as in a browser or file manager. */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), viewModel::refresh);
    }

    private ToolBar toolBar() {
        Label name = new Label("Lathe");
        name.getStyleClass().add("app-name");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("busy-indicator");
        progress.visibleProperty().bind(viewModel.busyProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip("Reload experiments and runs (F5)"));
        refresh.setOnAction(e -> viewModel.refresh());
        // F5 reaches it from anywhere; keeping it out of the tab order lets the sidebar take the first focus
        refresh.setFocusTraversable(false);
        ToolBar bar = new ToolBar(name, spacer, progress, refresh);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private VBox sidebarPane() {
        Label header = new Label("EXPERIMENTS");
        header.getStyleClass().add("sidebar-header");
        sidebar.setId("experiments");
        sidebar.setItems(viewModel.sidebarItems());
        sidebar.setCellFactory(list -> new SidebarCell());
        VBox.setVgrow(sidebar, Priority.ALWAYS);

        // the view-model owns the selection: clicks go to it, and it may move the selection itself on reload
        sidebar.getSelectionModel().selectedItemProperty().subscribe(viewModel::select);
        viewModel.selectedItemProperty().subscribe(item -> syncSelection());
        viewModel.sidebarItems().subscribe(this::syncSelection);

        VBox pane = new VBox(header, sidebar);
        pane.getStyleClass().add("sidebar");
        pane.setMinWidth(180);
        pane.setPrefWidth(240);
        return pane;
    }

    private void syncSelection() {
        SidebarItem wanted = viewModel.selectedItemProperty().get();
        if (wanted == null) {
            sidebar.getSelectionModel().clearSelection();
            return;
        }
        var list = sidebar.getItems();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).key().equals(wanted.key())) {
                if (sidebar.getSelectionModel().getSelectedIndex() != i) {
                    sidebar.getSelectionModel().select(i);
                }
                return;
            }
        }
    }

    private VBox failurePane() {
        VBox pane = messagePane("Cannot open this workspace", "");
        Label message = (Label) pane.getChildren().get(1);
        message.setId("workspace-error");
        message.getStyleClass().add("message-error");
        message.textProperty().bind(viewModel.errorProperty().map(ErrorMessages::asSentence));
        Label hint = new Label("Fix the problem and press Refresh (F5), or start Lathe with --workspace FOLDER.");
        hint.getStyleClass().add("message-hint");
        hint.setWrapText(true);
        Button retry = new Button("Try again");
        retry.setOnAction(e -> viewModel.refresh());
        pane.getChildren().addAll(hint, retry);
        return pane;
    }

    private static VBox messagePane(String title, String text) {
        Label titleLabel = new Label(title);
        titleLabel.getStyleClass().add("message-title");
        Label textLabel = new Label(text);
        textLabel.getStyleClass().add("message-text");
        textLabel.setWrapText(true);
        VBox pane = new VBox(12, titleLabel, textLabel);
        pane.getStyleClass().add("message-pane");
        pane.setAlignment(Pos.CENTER);
        pane.setFillWidth(false);
        textLabel.setMaxWidth(640);
        return pane;
    }

    private HBox statusBar() {
        Label text = new Label();
        text.setId("status-text");
        text.textProperty().bind(viewModel.statusTextProperty());
        HBox bar = new HBox(text);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static final class SidebarCell extends ListCell<SidebarItem> {
        @Override
        protected void updateItem(SidebarItem item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.label());
            getStyleClass().remove("all-runs");
            if (!empty && item instanceof SidebarItem.AllRuns) {
                getStyleClass().add("all-runs");
            }
        }
    }
}
