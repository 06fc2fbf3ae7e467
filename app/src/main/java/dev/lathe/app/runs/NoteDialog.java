package dev.lathe.app.runs;

import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** A dialog with a few lines of text for a run's note; the run table and the run detail both use it. */
public final class NoteDialog {
    private NoteDialog() {
    }

    /** @return the text entered (blank removes the note), or empty when cancelled */
    public static Optional<String> ask(Window owner, String header, String current) {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("Run note");
        dialog.setHeaderText(header + " — empty removes it");
        if (owner != null) {
            dialog.initOwner(owner);
        }
        TextArea text = new TextArea(current == null ? "" : current);
        text.setId("note-text");
        text.setWrapText(true);
        text.setPrefRowCount(5);
        text.setPrefColumnCount(40);
        dialog.getDialogPane().setContent(text);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ButtonType.OK ? text.getText() : null);
        dialog.setOnShown(e -> text.requestFocus());
        return dialog.showAndWait();
    }
}
