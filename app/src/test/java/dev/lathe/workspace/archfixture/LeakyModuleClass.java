package dev.lathe.workspace.archfixture;

/** A deliberate violation (a "module" class using JavaFX and the app) that the architecture rules must catch. */
public final class LeakyModuleClass {
    public javafx.scene.Node node;
    public dev.lathe.app.LaunchOptions options;
}
