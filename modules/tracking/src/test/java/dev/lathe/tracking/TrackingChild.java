package dev.lathe.tracking;

import dev.lathe.workspace.Workspace;
import java.nio.file.Path;

/**
 * A separate process for the multi-process tests: logs points into a workspace, flushing every 1,000 and
 * printing "flushed N" after each flush, so the parent knows what must have survived a SIGKILL.
 * Args: workspace, experiment, points, [sleep-millis-per-1000].
 */
public final class TrackingChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long points = Long.parseLong(args[2]);
        long pause = args.length > 3 ? Long.parseLong(args[3]) : 0;
        try (Workspace ws = Workspace.open(dir); Tracker tracker = new Tracker(ws)) {
            TrackedRun run = tracker.startRun(RunOptions.in(args[1]).optCaptureGit(false));
            System.out.println("run " + run.id());
            System.out.flush();
            for (long i = 1; i <= points; i++) {
                run.log("loss", i, 1.0 / i);
                if (i % 1000 == 0) {
                    run.flush();
                    System.out.println("flushed " + i);
                    System.out.flush();
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                }
            }
            run.close();
            System.out.println("done");
        }
    }
}
