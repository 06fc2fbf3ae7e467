package dev.lathe.publishing;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a model version goes, parsed from the URL given to {@code lathe publish --to}:
 * <ul>
 *   <li>{@code oci://HOST[:PORT]/REPO[:TAG]}: the model as a CNCF ModelPack artifact in an OCI registry;</li>
 *   <li>{@code image://HOST[:PORT]/REPO[:TAG]}: a runnable image serving the model;</li>
 *   <li>{@code mlflow+http(s)://HOST[:PORT][/PATH]}: an MLflow tracking server and its model registry;</li>
 *   <li>{@code git+file://...}, {@code git://...}, {@code git+http(s)://...}: the run and model metadata as a
 *       commit under {@code refs/exps/<model>/<version>}.</li>
 * </ul>
 */
public sealed interface PublishTarget {
    /** The URL as the user gave it: what the outbox keeps and shows. */
    String url();

    /** The host to name in messages. */
    String host();

    /** An OCI registry repository; tag null means the model version ("3"). */
    record Oci(String url, String host, int port, String repository, String tag, boolean image) implements PublishTarget {
        /** host[:port] as registries and auth files name it. */
        public String registry() {
            return port < 0 ? host : host + ":" + port;
        }
    }

    /** An MLflow tracking server; base is its http(s) root, e.g. http://127.0.0.1:5000 or https://h/mlflow. */
    record Mlflow(String url, String host, URI base) implements PublishTarget {
    }

    /** A git remote as JGit takes it (file:///..., git://..., http(s)://...). */
    record Git(String url, String host, String remote) implements PublishTarget {
    }

    Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    static PublishTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw PublishException.badInput("no target: give --to oci://HOST/REPO, image://HOST/REPO, "
                    + "mlflow+https://HOST or git+file:///PATH");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("oci://") || lower.startsWith("image://")) {
            return oci(url, lower.startsWith("image://"));
        }
        if (lower.startsWith("mlflow+http://") || lower.startsWith("mlflow+https://")) {
            URI base = uri(url, url.substring("mlflow+".length()));
            if (base.getHost() == null) {
                throw PublishException.badInput("target " + url + " has no host: mlflow+http(s)://HOST[:PORT]");
            }
            String s = base.toString();
            return new Mlflow(url, base.getHost(), URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
        }
        if (lower.startsWith("git+file://") || lower.startsWith("git+http://") || lower.startsWith("git+https://")
                || lower.startsWith("git+ssh://")) {
            String remote = url.substring("git+".length());
            URI u = uri(url, remote);
            return new Git(url, u.getHost() == null ? "local" : u.getHost(), remote);
        }
        if (lower.startsWith("git://")) {
            URI u = uri(url, url);
            return new Git(url, u.getHost(), url);
        }
        throw PublishException.badInput("unknown target '" + url + "': use oci://HOST[:PORT]/REPO[:TAG], "
                + "image://HOST[:PORT]/REPO[:TAG], mlflow+http(s)://HOST[:PORT], git+file:///PATH, git://HOST/PATH "
                + "or git+https://HOST/PATH");
    }

    private static Oci oci(String url, boolean image) {
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw PublishException.badInput("target " + url + " needs a repository: "
                    + (image ? "image" : "oci") + "://HOST[:PORT]/REPO[:TAG]");
        }
        String hostPort = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        String tag = null;
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            tag = path.substring(colon + 1);
            path = path.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw PublishException.badInput("target " + url + ": bad tag '" + tag
                        + "' (letters, digits, '_', '.', '-'; at most 128)");
            }
        }
        if (!REPOSITORY.matcher(path).matches()) {
            throw PublishException.badInput("target " + url + ": bad repository name '" + path
                    + "' (lowercase letters, digits, separators '.', '_', '-', and '/')");
        }
        String host = hostPort;
        int port = -1;
        int pc = hostPort.lastIndexOf(':');
        if (pc > 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, pc);
            try {
                port = Integer.parseInt(hostPort.substring(pc + 1));
            } catch (NumberFormatException e) {
                throw PublishException.badInput("target " + url + ": bad port '" + hostPort.substring(pc + 1) + "'");
            }
        }
        return new Oci(url, host, port, path, tag, image);
    }

    private static URI uri(String given, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw PublishException.badInput("target " + given + " is not a URL: " + e.getMessage());
        }
    }

    /** True for localhost and loopback addresses: the only hosts reached over plain HTTP without --insecure. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
