package dev.lathe.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * Reads the git state of the folder a run starts in, with JGit: commit, branch, remote, whether tracked files
 * differ from the commit ("dirty", as `git describe --dirty` means it) and that difference as a patch.
 */
public final class GitCapture {
    /** What was found; patch is empty for a clean tree, commit is null in a repository with no commit yet. */
    public record Snapshot(Path workTree, String commit, String branch, String remoteUrl, boolean dirty, String patch,
                           int untrackedFiles) {
    }

    private GitCapture() {
    }

    /** The state of the git work tree holding dir, or empty when dir is not inside one. */
    public static Optional<Snapshot> capture(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = builder.build(); Git git = new Git(repo)) {
            if (repo.isBare()) {
                return Optional.empty();
            }
            ObjectId head = repo.resolve(Constants.HEAD);
            String branch = repo.getBranch();
            String remote = repo.getConfig().getString("remote", "origin", "url");
            Status status = git.status().call();
            boolean dirty = status.hasUncommittedChanges();
            String patch = dirty ? diffAgainstHead(repo, head) : "";
            return Optional.of(new Snapshot(repo.getWorkTree().toPath(), head == null ? null : head.name(),
                    head == null ? null : branch, remote, dirty, patch, status.getUntracked().size()));
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw new TrackingException("cannot read the git state of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Tracked changes (staged and not) as a unified diff that `git apply` takes on top of HEAD. */
    private static String diffAgainstHead(Repository repo, ObjectId head) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out); ObjectReader reader = repo.newObjectReader()) {
            formatter.setRepository(repo);
            CanonicalTreeParser oldTree = new CanonicalTreeParser();
            if (head != null) {
                try (RevWalk walk = new RevWalk(reader)) {
                    oldTree.reset(reader, walk.parseCommit(head).getTree());
                }
            }
            FileTreeIterator workTree = new FileTreeIterator(repo);
            // untracked files are not part of the patch: only what git tracks can be applied back
            formatter.setPathFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            var entries = formatter.scan(oldTree, workTree);
            entries.removeIf(d -> d.getChangeType() == org.eclipse.jgit.diff.DiffEntry.ChangeType.ADD
                    && !isTracked(repo, d.getNewPath()));
            formatter.format(entries);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isTracked(Repository repo, String path) {
        try {
            return repo.readDirCache().findEntry(path) >= 0;
        } catch (IOException e) {
            return false;
        }
    }
}
