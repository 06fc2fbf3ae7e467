package dev.lathe.workspace;

/** The workspace was written by a newer Lathe; it is left untouched. */
public final class NewerWorkspaceException extends WorkspaceException {
    private final int foundVersion;
    private final int supportedVersion;

    public NewerWorkspaceException(String message, int foundVersion, int supportedVersion) {
        super(message);
        this.foundVersion = foundVersion;
        this.supportedVersion = supportedVersion;
    }

    public int foundVersion() {
        return foundVersion;
    }

    public int supportedVersion() {
        return supportedVersion;
    }
}
