package dev.lathe.app.detail;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a file in the program the desktop associates with it. Injected so tests record instead of launching
 * viewers; the app can pass HostServices::showDocument instead of AWT's Desktop.
 */
@FunctionalInterface
public interface FileOpener {
    void open(Path file) throws IOException;

    /** AWT's Desktop, which works beside JavaFX; fails with a clear message where the desktop has no opener. */
    static FileOpener desktop() {
        return file -> {
            if (!java.awt.Desktop.isDesktopSupported()
                    || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                throw new IOException("this desktop cannot open files; export it instead: " + file.getFileName());
            }
            java.awt.Desktop.getDesktop().open(file.toFile());
        };
    }
}
