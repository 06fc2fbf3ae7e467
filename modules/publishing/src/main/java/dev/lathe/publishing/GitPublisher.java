package dev.lathe.publishing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.core.DatasetRecord;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Publishes a model version's metadata to a git remote as one commit under {@code refs/exps/<model>/<version>}
 * (outside branches, so it never disturbs a checkout): model.json (the version, its lineage and its files with
 * their sha256 digests; weights are referenced, not stored), the small metadata files of the model folder, and
 * the run's params, metrics, tags, datasets and environment. The commit is built from the version alone, with
 * fixed author and time, so publishing again makes the same commit id and changes nothing on the remote.
 */
public final class GitPublisher implements Publisher {
    public static final String REF_PREFIX = "refs/exps/";
    private static final long MAX_INLINE = 256 * 1024;

    private final PublishTarget.Git target;
    private final Optional<CredentialsProvider> credentials;

    public GitPublisher(PublishTarget.Git target, Optional<Credentials.Credential> credential) {
        this.target = target;
        this.credentials = credential.map(c -> new UsernamePasswordCredentialsProvider(c.user(), c.secret()));
    }

    public static String ref(ModelVersion v) {
        return REF_PREFIX + v.modelName() + "/" + v.version();
    }

    @Override
    public PublishResult publish(ModelBundle bundle, PublishListener listener) {
        String ref = ref(bundle.version());
        Path tmp;
        try {
            tmp = Files.createTempDirectory("lathe-publish-git");
        } catch (IOException e) {
            throw new PublishException(PublishException.Kind.REJECTED, "cannot create a temporary folder: " + e.getMessage(), e);
        }
        try (Repository repo = FileRepositoryBuilder.create(tmp.resolve("repo.git").toFile())) {
            repo.create(true);
            ObjectId commit = commit(repo, bundle);
            listener.step("commit", 1, 2);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ref", ref);
            details.put("remote", target.remote());
            Ref remote = remoteRef(repo, ref);
            if (remote != null && remote.getObjectId().equals(commit)) {
                details.put("already_there", true);
                listener.step("push", 2, 2);
                return new PublishResult(commit.name(), target.remote() + "#" + ref, details);
            }
            try (Git git = new Git(repo)) {
                var push = git.push().setRemote(target.remote()).setRefSpecs(new RefSpec(commit.name() + ":" + ref))
                        .setTimeout(30);
                credentials.ifPresent(push::setCredentialsProvider);
                for (PushResult result : push.call()) {
                    RemoteRefUpdate u = result.getRemoteUpdate(ref);
                    if (u == null) {
                        continue;
                    }
                    switch (u.getStatus()) {
                        case OK, UP_TO_DATE -> { }
                        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new PublishException(
                                PublishException.Kind.REJECTED, "git remote " + target.remote() + " already has " + ref
                                + " at another commit" + (remote == null ? "" : " (" + remote.getObjectId().name() + ")")
                                + "; a published version is not overwritten");
                        default -> throw new PublishException(PublishException.Kind.REJECTED, "git remote "
                                + target.remote() + " refused " + ref + ": " + u.getStatus()
                                + (u.getMessage() == null ? "" : " " + u.getMessage()));
                    }
                }
            }
            details.put("already_there", false);
            listener.step("push", 2, 2);
            return new PublishResult(commit.name(), target.remote() + "#" + ref, details);
        } catch (IOException e) {
            throw new PublishException(PublishException.Kind.REJECTED, "cannot build the git commit: " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw translate(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private Ref remoteRef(Repository repo, String ref) {
        try {
            var ls = Git.lsRemoteRepository().setRemote(target.remote()).setTimeout(30);
            credentials.ifPresent(ls::setCredentialsProvider);
            return ls.callAsMap().get(ref);
        } catch (GitAPIException e) {
            throw translate(e);
        }
    }

    private PublishException translate(GitAPIException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = String.valueOf(e.getMessage());
        String lower = (msg + " " + root.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (root instanceof NoRemoteRepositoryException || e instanceof InvalidRemoteException
                || lower.contains("repository not found") || lower.contains("not found.")) {
            return new PublishException(PublishException.Kind.REJECTED, "no git repository at " + target.remote()
                    + ": " + msg, e);
        }
        if (lower.contains("not authorized") || lower.contains("authentication is required")
                || lower.contains("auth fail") || lower.contains("403") || lower.contains("401")) {
            return new PublishException(PublishException.Kind.AUTH, "git remote " + target.remote() + " refused access; tried "
                    + credentials.map(c -> "the token in LATHE_GIT_TOKEN").orElse("no credentials (set LATHE_GIT_TOKEN)"), e);
        }
        if (e instanceof TransportException) {
            return Http.unreachable(target.host(), msg, e);
        }
        return new PublishException(PublishException.Kind.REJECTED, "git push to " + target.remote() + " failed: " + msg, e);
    }

    /** The commit: a tree of metadata files, authored by Lathe at the version's registration time. */
    static ObjectId commit(Repository repo, ModelBundle b) throws IOException {
        ModelVersion v = b.version();
        Map<String, byte[]> files = new TreeMap<>();
        files.put("model.json", pretty(modelJson(b)));
        Map<String, String> params = new TreeMap<>(b.params());
        files.put("run/params.json", pretty(params));
        Map<String, Object> metrics = new TreeMap<>();
        if (b.run().isPresent()) {
            for (MetricSummary m : b.run().get().metrics()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("last", finite(m.last()));
                s.put("last_step", m.lastStep());
                s.put("min", finite(m.min()));
                s.put("max", finite(m.max()));
                s.put("count", m.count());
                metrics.put(m.key(), s);
            }
        } else {
            v.metrics().forEach((k, val) -> metrics.put(k, Map.of("last", finite(val))));
        }
        files.put("run/metrics.json", pretty(metrics));
        files.put("run/lineage.json", pretty(lineage(b)));
        b.run().ifPresent(d -> {
            files.put("run/tags.json", pretty(new TreeMap<>(d.tags())));
            files.put("run/environment.json", pretty(new TreeMap<>(d.environment())));
        });
        for (ModelBundle.ModelFile f : b.files()) {
            if (!f.weights() && f.size() <= MAX_INLINE && f.path().endsWith(".json")) {
                files.put("model/" + f.path(), Files.readAllBytes(f.blob()));
            }
        }
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId tree = tree(ins, files, "");
            PersonIdent who = new PersonIdent("Lathe", "lathe@localhost", v.createdAt(), ZoneOffset.UTC);
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(tree);
            c.setAuthor(who);
            c.setCommitter(who);
            c.setMessage("Model " + v.reference() + " from run " + v.runId() + "\n");
            ObjectId id = ins.insert(c);
            ins.flush();
            return id;
        }
    }

    /** A tree from "dir/file" paths (sorted, as git wants: TreeMap order works since no name is a prefix+'/'). */
    private static ObjectId tree(ObjectInserter ins, Map<String, byte[]> files, String prefix) throws IOException {
        TreeMap<String, Object> entries = new TreeMap<>(GitPublisher::gitOrder);
        Map<String, Map<String, byte[]>> dirs = new TreeMap<>();
        files.forEach((path, bytes) -> {
            int slash = path.indexOf('/');
            if (slash < 0) {
                entries.put(path, bytes);
            } else {
                dirs.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>()).put(path.substring(slash + 1), bytes);
            }
        });
        for (var d : dirs.entrySet()) {
            entries.put(d.getKey() + "/", tree(ins, d.getValue(), prefix + d.getKey() + "/"));
        }
        TreeFormatter tf = new TreeFormatter();
        for (var e : entries.entrySet()) {
            if (e.getValue() instanceof ObjectId sub) {
                tf.append(e.getKey().substring(0, e.getKey().length() - 1), FileMode.TREE, sub);
            } else {
                tf.append(e.getKey(), FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, (byte[]) e.getValue()));
            }
        }
        return ins.insert(tf);
    }

    /** git sorts tree entries by name with directories compared as if they ended in '/'. */
    private static int gitOrder(String a, String b) {
        return a.compareTo(b);
    }

    private static ObjectNode modelJson(ModelBundle b) {
        ModelVersion v = b.version();
        ObjectNode m = ModelBundle.JSON.createObjectNode();
        m.put("format", "lathe-published-model");
        m.put("format_version", 1);
        m.put("name", v.modelName());
        m.put("version", v.version());
        m.put("run_id", v.runId());
        m.put("created_at", DateTimeFormatter.ISO_INSTANT.format(v.createdAt()));
        if (v.description() != null) {
            m.put("description", v.description());
        }
        m.put("trainer", v.trainer());
        m.put("dataset_sha256", v.datasetSha256());
        m.put("git_commit", v.gitCommit());
        ArrayNode files = m.putArray("files");
        for (ModelBundle.ModelFile f : b.files()) {
            ObjectNode o = files.addObject();
            o.put("path", f.path());
            o.put("sha256", f.sha256());
            o.put("size", f.size());
            o.put("weights", f.weights());
        }
        return m;
    }

    private static Map<String, Object> lineage(ModelBundle b) {
        ModelVersion v = b.version();
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("run_id", v.runId());
        l.put("trainer", v.trainer());
        l.put("dataset_sha256", v.datasetSha256());
        l.put("git_commit", v.gitCommit());
        b.run().ifPresent(d -> {
            l.put("experiment", d.experimentName());
            l.put("datasets", d.datasets().stream().map(GitPublisher::dataset).toList());
            d.git().ifPresent(g -> {
                Map<String, Object> git = new LinkedHashMap<>();
                git.put("commit", g.commit());
                git.put("branch", g.branch());
                git.put("remote", g.remoteUrl());
                git.put("dirty", g.dirty());
                l.put("git", git);
            });
        });
        return l;
    }

    private static Map<String, Object> dataset(DatasetRecord d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("sha256", d.sha256());
        m.put("rows", d.rows());
        m.put("columns", d.columns());
        return m;
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static byte[] pretty(Object o) {
        try {
            return (ModelBundle.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
