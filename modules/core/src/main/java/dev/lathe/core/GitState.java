package dev.lathe.core;

/**
 * Where the code of a run came from. {@code dirty} says the working tree differed from the commit; the
 * difference is kept as the artifact named by {@code patchArtifact} (null when clean).
 */
public record GitState(String commit, String branch, String remoteUrl, boolean dirty, String patchArtifact,
                       String workTree) {
}
