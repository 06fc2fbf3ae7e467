package dev.lathe.runner;

import dev.lathe.publishing.Outbox;
import dev.lathe.publishing.PublishException;
import dev.lathe.publishing.PublishListener;
import dev.lathe.publishing.Publishers;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.OutboxRepository.Job;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lathe publish NAME[:VERSION|@ALIAS] --to URL}: a registered model version to an OCI registry, an MLflow
 * server or a git remote (docs/publishing.md), through the workspace's outbox, so a target that cannot be
 * reached gets the publish later ({@code publish status}, {@code publish retry}).
 */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish a registered model version to an OCI registry, MLflow or git (docs/publishing.md).",
        subcommands = {PublishCommand.StatusCommand.class, PublishCommand.RetryCommand.class})
final class PublishCommand implements Runnable {
    /** The publish is queued because its target could not be reached; it will be retried (sysexits' EX_TEMPFAIL). */
    static final int QUEUED = 75;
    /** The target refused the publish (credentials, content); the job is marked failed. */
    static final int REFUSED = 1;

    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Parameters(paramLabel = "NAME[:VERSION|@ALIAS]", arity = "0..1",
            description = "The model version: NAME (its latest), NAME:VERSION or NAME@ALIAS.")
    String reference;
    @Option(names = "--to", paramLabel = "URL", description = "oci://HOST[:PORT]/REPO[:TAG], image://HOST[:PORT]/REPO[:TAG], "
            + "mlflow+http(s)://HOST[:PORT], git+file:///PATH, git://HOST/PATH or git+https://HOST/PATH.")
    String to;
    @Option(names = "--insecure", description = "Allow plain HTTP to a host that is not loopback.")
    boolean insecure;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    PublishCommand(Console console) {
        this.console = console;
    }

    @Override
    public void run() {
        if (reference == null || to == null) {
            throw new UserException(ExitCodes.BAD_INPUT, "publish needs a model and a target: lathe publish NAME[:VERSION|@ALIAS] "
                    + "--to URL (or `lathe publish status`, `lathe publish retry`)");
        }
        Console ui = format == Format.JSON ? console.quietOut() : console;
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            Outbox outbox = new Outbox(ws, Publishers.system());
            drainQuietly(outbox, ui);
            Progress progress = new Progress(ui, "publish " + reference, ui.out());
            Outbox.Outcome o = outbox.publish(reference, to, new Outbox.Options(insecure), listener(progress));
            progress.finish();
            if (format == Format.JSON) {
                console.out().println(Console.json(json(o.job(), o)));
            } else {
                console.out().println(line(o));
            }
            exitFor(List.of(o));
        } catch (RegistryException e) {
            throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (PublishException e) {
            throw new UserException(e.kind() == PublishException.Kind.BAD_INPUT ? ExitCodes.BAD_INPUT : REFUSED, e.getMessage());
        }
    }

    /** Jobs waiting from earlier publishes go first, without holding this one up on their errors. */
    static void drainQuietly(Outbox outbox, Console ui) {
        for (Outbox.Outcome o : outbox.drain()) {
            ui.say("outbox: " + line(o));
        }
    }

    static PublishListener listener(Progress progress) {
        return (phase, done, total) -> progress.update(phase, done, total, null);
    }

    static String line(Outbox.Outcome o) {
        Job j = o.job();
        String what = j.reference() + " -> " + j.target();
        return switch (j.state()) {
            case DONE -> "published " + what + (j.resultDigest() == null ? "" : "\n  digest " + j.resultDigest())
                    + (j.resultUrl() == null ? "" : "\n  at     " + j.resultUrl()) + details(o);
            case QUEUED -> "queued; will retry " + what + " (" + o.error().getMessage() + "); next attempt "
                    + RunViews.local(j.nextAttemptAt()) + ", or now with: lathe publish retry";
            case FAILED -> "failed " + what + ": " + (o.error() != null ? o.error().getMessage() : j.lastError());
            case RUNNING -> "running " + what;
        };
    }

    private static String details(Outbox.Outcome o) {
        if (o.result() == null || o.result().details().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        o.result().details().forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
        return sb.toString();
    }

    /** Exit 0 when all are done, 75 when some wait for a retry, 1 when some were refused. */
    static void exitFor(List<Outbox.Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.job().state() == OutboxRepository.State.FAILED)) {
            throw new UserException(REFUSED, outcomes.stream().filter(o -> o.job().state() == OutboxRepository.State.FAILED)
                    .map(o -> o.job().reference() + " -> " + o.job().target() + ": " + o.job().lastError())
                    .reduce((a, b) -> a + "; " + b).orElse("publish failed"));
        }
        if (outcomes.stream().anyMatch(Outbox.Outcome::queued)) {
            throw new UserException(QUEUED, "queued; will retry: " + outcomes.stream().filter(Outbox.Outcome::queued)
                    .map(o -> o.job().reference() + " -> " + o.job().target()).reduce((a, b) -> a + ", " + b).orElse(""));
        }
    }

    static Map<String, Object> json(Job j, Outbox.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", j.id());
        m.put("model", j.model());
        m.put("version", j.version());
        m.put("target", j.target());
        m.put("state", j.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", j.attempts());
        m.put("next_attempt_at", j.nextAttemptAt() == null ? null : RunViews.iso(j.nextAttemptAt()));
        m.put("last_error", j.lastError());
        m.put("digest", j.resultDigest());
        m.put("url", j.resultUrl());
        m.put("created_at", RunViews.iso(j.createdAt()));
        m.put("updated_at", RunViews.iso(j.updatedAt()));
        if (o != null && o.result() != null) {
            m.put("details", o.result().details());
        }
        return m;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List publish jobs: done, queued (with the next attempt), failed (with the reason).")
    static final class StatusCommand implements Runnable {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        StatusCommand(Console console) {
            this.console = console;
        }

        @Override
        public void run() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                List<Job> jobs = ws.outbox().list();
                if (format == Format.JSON) {
                    console.out().println(Console.json(jobs.stream().map(j -> json(j, null)).toList()));
                    return;
                }
                if (jobs.isEmpty()) {
                    console.out().println("No publish jobs in " + ws.root() + ". Publish one: lathe publish NAME --to URL");
                    return;
                }
                TextTable t = new TextTable(List.of("JOB", "MODEL", "TARGET", "STATE", "ATTEMPTS", "NEXT", "RESULT / LAST ERROR"));
                for (Job j : jobs) {
                    String result = switch (j.state()) {
                        case DONE -> j.resultDigest() != null ? j.resultDigest() : String.valueOf(j.resultUrl());
                        default -> j.lastError() == null ? "" : j.lastError();
                    };
                    t.add(List.of(RunViews.shortId(j.id()), j.reference(), j.target(),
                            j.state().name().toLowerCase(java.util.Locale.ROOT), String.valueOf(j.attempts()),
                            j.nextAttemptAt() == null ? "" : RunViews.local(j.nextAttemptAt()), result));
                }
                console.out().print(t.render());
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Attempt every queued publish job now (and failed ones with --failed).")
    static final class RetryCommand implements Runnable {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--failed", description = "Retry failed jobs too (after fixing credentials, say).")
        boolean failed;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        RetryCommand(Console console) {
            this.console = console;
        }

        @Override
        public void run() {
            Console ui = format == Format.JSON ? console.quietOut() : console;
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                Outbox outbox = new Outbox(ws, Publishers.system());
                Progress progress = new Progress(ui, "publish retry", ui.out());
                List<Outbox.Outcome> outcomes = outbox.retry(failed, listener(progress));
                progress.finish();
                if (format == Format.JSON) {
                    console.out().println(Console.json(outcomes.stream().map(o -> json(o.job(), o)).toList()));
                } else if (outcomes.isEmpty()) {
                    console.out().println("Nothing to retry: no queued publish jobs" + (failed ? " or failed ones." : "."));
                } else {
                    outcomes.forEach(o -> console.out().println(line(o)));
                }
                exitFor(outcomes);
            }
        }
    }
}
