package dev.lathe.publishing;

import java.net.http.HttpClient;
import java.util.Optional;

/** Makes the publisher for a target, with the credentials and options it needs. */
public final class Publishers {
    private final Credentials credentials;
    private final HttpClient http;
    private final Optional<ImagePublishing> images;
    private final long chunkSize;

    public Publishers(Credentials credentials, HttpClient http, Optional<ImagePublishing> images, long chunkSize) {
        this.credentials = credentials;
        this.http = http;
        this.images = images;
        this.chunkSize = chunkSize;
    }

    /** Credentials from this process's environment and the user's auth files; images built with Jib. */
    public static Publishers system() {
        return new Publishers(Credentials.system(), Http.client(), Optional.of(new ImagePublisher()), OciClient.DEFAULT_CHUNK);
    }

    public Credentials credentials() {
        return credentials;
    }

    /**
     * The publisher for a target. Plain HTTP is refused for hosts other than loopback unless insecure is set,
     * so credentials and models do not cross a network in the clear by accident.
     */
    public Publisher forTarget(PublishTarget target, boolean insecure) {
        return switch (target) {
            case PublishTarget.Oci oci when oci.image() -> {
                ImagePublishing builder = images.orElseThrow(() -> PublishException.badInput(
                        "image:// targets need the image builder (lathe-packaging), which is not in this Lathe; "
                                + "publish the model as an artifact with oci://" + oci.registry() + "/" + oci.repository()));
                yield (bundle, listener) -> builder.push(bundle, oci, insecure, credentials.registry(oci.registry()),
                        listener);
            }
            case PublishTarget.Oci oci -> new OciPublisher(oci, new OciClient(http, oci, insecure,
                    credentials.registry(oci.registry()), chunkSize));
            case PublishTarget.Mlflow m -> {
                requireTls(m.base().getScheme(), m.host(), insecure, m.url());
                yield new MlflowPublisher(m, new MlflowClient(http, m.base(), credentials.mlflowAuthorization(),
                        credentials.mlflowDescription()));
            }
            case PublishTarget.Git g -> {
                if (g.remote().startsWith("http://")) {
                    requireTls("http", g.host(), insecure, g.url());
                }
                yield new GitPublisher(g, credentials.git());
            }
        };
    }

    private static void requireTls(String scheme, String host, boolean insecure, String url) {
        if ("http".equalsIgnoreCase(scheme) && !insecure && !PublishTarget.isLoopback(host)) {
            throw PublishException.badInput("target " + url + " uses plain HTTP to " + host
                    + ", which is allowed only for loopback hosts or with --insecure; use https");
        }
    }
}
