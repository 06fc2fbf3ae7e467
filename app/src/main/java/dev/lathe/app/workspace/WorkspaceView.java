package dev.lathe.app.workspace;

import dev.lathe.app.ErrorMessages;
import dev.lathe.app.runs.RunsTableView;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
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

/**
 * The main window's content: menu and toolbar, experiments sidebar, a tab pane whose first tab is the runs
 * table, and the status bar; or why the workspace cannot open. Other screens (run detail, compare, sweeps)
 * open as further tabs through {@link #openTab}.
 */
public final class WorkspaceView extends BorderPane {
    /** The id of the runs tab, the one tab that cannot be closed. */
    public static final String RUNS_TAB = "runs";

    private final WorkspaceViewModel viewModel;
    private final RunsTableView runsView;
    private final ListView<SidebarItem> sidebar = new ListView<>();
    private final TabPane tabs = new TabPane();
    private final SplitPane split;
    private final VBox top = new VBox();

    public WorkspaceView(WorkspaceViewModel viewModel, RunsTableView runsView) {
        this.viewModel = viewModel;
        this.runsView = runsView;
        getStyleClass().add("workspace-view");

        top.getChildren().add(toolBar());
        setTop(top);

        Tab runsTab = new Tab("Runs", runsView);
        runsTab.setId(RUNS_TAB);
        runsTab.setClosable(false);
        tabs.setId("main-tabs");
        tabs.getTabs().add(runsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);

        VBox sidebarPane = sidebarPane();
        split = new SplitPane(sidebarPane, tabs);
        split.setId("main-split");
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
        // the pane stays behind for Try again; the dialog makes sure the reason is not missed
        viewModel.stateProperty().subscribe(state -> {
            if (state == WorkspaceViewModel.State.FAILED) {
                showFailureDialog();
            }
        });
    }

    private void showFailureDialog() {
        if (getScene() == null || getScene().getWindow() == null || !getScene().getWindow().isShowing()) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(getScene().getWindow());
        alert.setTitle("Cannot open this workspace");
        alert.setHeaderText("Cannot open the workspace " + viewModel.workspacePath());
        alert.setContentText(ErrorMessages.asSentence(viewModel.errorProperty().get())
                + "\n\nNothing in it was changed. Fix the problem and press Refresh (F5), or open another "
                + "workspace (Ctrl+O).");
        alert.getDialogPane().setId("workspace-error-dialog");
        alert.getDialogPane().setPrefWidth(620);
        alert.show();
    }

    /**
     * F5 reloads, as in a browser or file manager; Ctrl+F finds (filters); Ctrl+D (or Ctrl+Shift+C) compares
     * the selection. F2 (rename) and Delete (archive) belong to the runs table itself.
     */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN),
                viewModel.runsTable()::compareSelected);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), viewModel::refresh);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), this::focusFilter);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), viewModel.runsTable()::compareSelected);
    }

    /** Shows the runs tab and puts the keyboard in its filter box. */
    public void focusFilter() {
        tabs.getSelectionModel().select(0);
        runsView.focusFilter();
    }

    /** Puts the menu bar above the toolbar; the composition root builds it (it owns theme, stage and files). */
    public void setMenuBar(MenuBar menuBar) {
        top.getChildren().addFirst(menuBar);
    }

    /**
     * Opens content in a closable tab, or selects the tab already open under that id. Run detail, compare and
     * sweeps views plug in here, e.g. {@code openTab("run:" + id, name, detailView)}.
     */
    public Tab openTab(String id, String title, Node content) {
        for (Tab t : tabs.getTabs()) {
            if (id.equals(t.getId())) {
                tabs.getSelectionModel().select(t);
                return t;
            }
        }
        Tab tab = new Tab(title, content);
        tab.setId(id);
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        return tab;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** The sidebar | tabs divider, whose position the window remembers per workspace. */
    public SplitPane mainSplit() {
        return split;
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
