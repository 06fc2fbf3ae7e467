package dev.lathe.runner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A clean copy of a recorded commit in a temporary folder, with the run's uncommitted patch applied on top:
 * the code a run was made with, rebuilt without touching the user's own working tree or repository (the
 * commit's files are read from the repository's object database; the patch is applied by JGit in a fresh
 * repository inside the temporary folder). Closing deletes the folder.
 */
final class ReproduceWorktree implements AutoCloseable {
    private final Path root;
    private final String commit;
    private final boolean patched;

    private ReproduceWorktree(Path root, String commit, boolean patched) {
        this.root = root;
        this.commit = commit;
        this.patched = patched;
    }

    Path root() {
        return root;
    }

    String commit() {
        return commit;
    }

    boolean patched() {
        return patched;
    }

    /** Whether the repository holding workTree still has the commit; false when the repository itself is gone. */
    static boolean hasCommit(Path workTree, String commit) {
        try (Repository repo = open(workTree)) {
            return resolve(repo, commit) != null;
        } catch (UserException e) {
            return false;
        }
    }

    /**
     * Checks commit out of the repository at workTree into a new temporary folder and applies patch (a unified
     * diff as `git diff HEAD` writes it; null or empty for none).
     *
     * @throws UserException naming the repository, commit or patch when one cannot be used
     */
    static ReproduceWorktree create(Path workTree, String commit, byte[] patch) {
        Path root;
        try {
            root = Files.createTempDirectory("lathe-reproduce-");
        } catch (IOException e) {
            throw new UserException(ExitCodes.WORKSPACE, "cannot create a temporary folder for the checkout: "
                    + e.getMessage());
        }
        try {
            try (Repository repo = open(workTree)) {
                ObjectId id = resolve(repo, commit);
                if (id == null) {
                    throw new UserException(ExitCodes.BAD_INPUT, "commit " + commit + " is not in the repository at "
                            + workTree + " any more (rewritten or garbage-collected?), so the run's code cannot be "
                            + "checked out");
                }
                extract(repo, id, root);
            }
            boolean patched = patch != null && patch.length > 0;
            if (patched) {
                try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("reproduce").call()) {
                    git.apply().setPatch(new ByteArrayInputStream(patch)).call();
                } catch (GitAPIException | RuntimeException e) {
                    throw new UserException(ExitCodes.BAD_INPUT, "the run's uncommitted patch does not apply on "
                            + "commit " + commit + ": " + e.getMessage());
                }
            }
            return new ReproduceWorktree(root, commit, patched);
        } catch (IOException | RuntimeException e) {
            delete(root);
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException(ExitCodes.BAD_INPUT, "cannot check out commit " + commit + " from " + workTree
                    + ": " + e.getMessage());
        }
    }

    private static Repository open(Path workTree) {
        if (workTree == null || !Files.isDirectory(workTree)) {
            throw new UserException(ExitCodes.BAD_INPUT, "the run's git repository " + workTree + " is gone");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(workTree.toFile());
        if (builder.getGitDir() == null) {
            throw new UserException(ExitCodes.BAD_INPUT, workTree + " is no longer a git repository");
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UserException(ExitCodes.BAD_INPUT, "cannot open the git repository at " + workTree + ": "
                    + e.getMessage());
        }
    }

    private static ObjectId resolve(Repository repo, String commit) {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(commit + "^{commit}");
            if (id == null) {
                return null;
            }
            walk.parseCommit(id);
            return id;
        } catch (MissingObjectException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void extract(Repository repo, ObjectId id, Path root) throws IOException {
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
            RevCommit c = walk.parseCommit(id);
            tree.addTree(c.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    continue; // submodules are not part of this repository's objects
                }
                Path target = root.resolve(tree.getPathString()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("unsafe path in commit: " + tree.getPathString());
                }
                Files.createDirectories(target.getParent());
                byte[] bytes = repo.open(tree.getObjectId(0)).getBytes();
                if (mode == FileMode.SYMLINK) {
                    Files.createSymbolicLink(target, Path.of(new String(bytes, StandardCharsets.UTF_8)));
                    continue;
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    out.write(bytes);
                }
                if (mode == FileMode.EXECUTABLE_FILE) {
                    try {
                        Set<PosixFilePermission> p = EnumSet.copyOf(Files.getPosixFilePermissions(target));
                        p.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_EXECUTE));
                        Files.setPosixFilePermissions(target, p);
                    } catch (UnsupportedOperationException notPosix) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        delete(root);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
