package dev.lathe.workspace;

/**
 * A model registry request that names something missing or malformed (model, version, alias, run). A
 * WorkspaceException, but one the command line reports as bad input rather than a broken workspace.
 */
public final class RegistryException extends WorkspaceException {
    public RegistryException(String message) {
        super(message);
    }
}
