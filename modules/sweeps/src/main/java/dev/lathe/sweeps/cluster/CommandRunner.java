package dev.lathe.sweeps.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How a cluster executor reaches the cluster: it runs the engine's commands (sbatch, squeue, scancel) and reads
 * and writes files in the shared work folder, either on this machine (the coordinator runs on a login node) or
 * on another one over ssh (a laptop that reaches the login node).
 */
public interface CommandRunner {
    /** What a command printed and how it exited. */
    record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }
    }

    /** Runs a command and waits for it (at most the timeout; a command still running then is killed). */
    Result run(List<String> argv, Duration timeout) throws IOException;

    /** Writes a text file, creating its folders. */
    void write(String path, String text) throws IOException;

    /** The bytes of a file from an offset on; empty when the file is missing or has nothing new. */
    byte[] readFrom(String path, long offset) throws IOException;

    /** True when a file exists. */
    boolean exists(String path) throws IOException;

    /**
     * A local copy of a folder (for importing a trial's artifacts): the folder itself on this machine, a copy
     * under localTemp over ssh; empty when the folder does not exist.
     */
    java.util.Optional<Path> fetch(String dir, Path localTemp) throws IOException;

    /** How the commands are run, for messages: "this machine" or "ssh user@host". */
    String where();

    /** Commands on this machine, with extra environment variables (such as SLURM_CONF). */
    static CommandRunner local(Map<String, String> env) {
        return new Local(env);
    }

    /** Commands on target (host or user@host) through the ssh client, in batch mode (keys, no passwords). */
    static CommandRunner ssh(String target, List<String> sshOptions) {
        return new Ssh(target, sshOptions);
    }

    /** A command line for a POSIX shell: each argument in single quotes. */
    static String shellQuote(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String arg) {
        if (arg.matches("[A-Za-z0-9_./=:,@%+-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Runs a process to the end, feeding it stdin, with both outputs read as they come. */
    static Result exec(ProcessBuilder pb, byte[] stdin, Duration timeout) throws IOException {
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", pb.command()) + " did not answer within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + pb.command().getFirst(), e);
        }
        return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commands and files on this machine. */
    final class Local implements CommandRunner {
        private final Map<String, String> env;

        Local(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override
        public Result run(List<String> argv, Duration timeout) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().putAll(env);
            return exec(pb, null, timeout);
        }

        @Override
        public void write(String path, String text) throws IOException {
            Path p = Path.of(path);
            Files.createDirectories(p.getParent());
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public byte[] readFrom(String path, long offset) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
                long length = f.length();
                if (length <= offset) {
                    return new byte[0];
                }
                byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - offset)];
                f.seek(offset);
                f.readFully(bytes);
                return bytes;
            } catch (java.io.FileNotFoundException | NoSuchFileException e) {
                return new byte[0];
            }
        }

        @Override
        public boolean exists(String path) {
            return Files.exists(Path.of(path));
        }

        @Override
        public java.util.Optional<Path> fetch(String dir, Path localTemp) {
            Path p = Path.of(dir);
            return Files.isDirectory(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
        }

        @Override
        public String where() {
            return "this machine";
        }
    }

    /** Commands and files on another machine, through `ssh target`. */
    final class Ssh implements CommandRunner {
        private final String target;
        private final List<String> options;

        Ssh(String target, List<String> options) {
            this.target = target;
            this.options = List.copyOf(options);
        }

        /** The local command line that runs argv on the target. */
        List<String> command(List<String> argv) {
            List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
            cmd.addAll(options);
            cmd.add(target);
            cmd.add("--");
            cmd.add(shellQuote(argv));
            return cmd;
        }

        private Result remote(List<String> argv, byte[] stdin, Duration timeout) throws IOException {
            Result r = exec(new ProcessBuilder(command(argv)), stdin, timeout);
            if (r.exit() == 255) {
                throw new IOException("ssh " + target + " failed: " + r.err().strip());
            }
            return r;
        }

        @Override
        public Result run(List<String> argv, Duration timeout) throws IOException {
            return remote(argv, null, timeout);
        }

        @Override
        public void write(String path, String text) throws IOException {
            String dir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
            Result r = remote(List.of("sh", "-c", "mkdir -p \"$1\" && cat > \"$2\"", "sh", dir, path),
                    text.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
            if (!r.ok()) {
                throw new IOException("cannot write " + path + " on " + target + ": " + r.err().strip());
            }
        }

        @Override
        public byte[] readFrom(String path, long offset) throws IOException {
            Process p = new ProcessBuilder(command(List.of("sh", "-c", "[ -f \"$1\" ] && tail -c +\"$2\" \"$1\" || true",
                    "sh", path, String.valueOf(offset + 1)))).start();
            p.getOutputStream().close();
            byte[] bytes = p.getInputStream().readAllBytes();
            try {
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return bytes;
        }

        @Override
        public boolean exists(String path) throws IOException {
            return remote(List.of("test", "-e", path), null, Duration.ofSeconds(60)).ok();
        }

        @Override
        public java.util.Optional<Path> fetch(String dir, Path localTemp) throws IOException {
            if (!exists(dir)) {
                return java.util.Optional.empty();
            }
            Files.createDirectories(localTemp);
            ProcessBuilder pb = new ProcessBuilder(command(List.of("tar", "-C", dir, "-cf", "-", ".")));
            Process ssh = pb.start();
            ssh.getOutputStream().close();
            Process tar = new ProcessBuilder("tar", "-xf", "-", "-C", localTemp.toString()).start();
            try (InputStream from = ssh.getInputStream(); OutputStream to = tar.getOutputStream()) {
                from.transferTo(to);
            }
            try {
                if (ssh.waitFor() != 0 || tar.waitFor() != 0) {
                    throw new IOException("cannot copy " + target + ":" + dir + " here");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return java.util.Optional.of(localTemp);
        }

        @Override
        public String where() {
            return "ssh " + target;
        }
    }
}
