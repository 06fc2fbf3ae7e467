package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the OCI distribution API for one repository: blob existence, monolithic and chunked blob
 * uploads, manifests. Authenticates as the registry asks: anonymous, Basic, or the Bearer token flow
 * (a 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}, a token fetched from the
 * realm, the request sent again).
 */
public final class OciClient {
    /** Blobs larger than this go up in chunks of this size (PATCH ... PUT) rather than in one PUT. */
    public static final long DEFAULT_CHUNK = 32L << 20;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final String host;
    private final String base;
    private final String repository;
    private final Optional<Credentials.Credential> credential;
    private final long chunkSize;
    private String authorization;

    public OciClient(HttpClient http, PublishTarget.Oci target, boolean insecure,
                     Optional<Credentials.Credential> credential, long chunkSize) {
        this.http = http;
        this.host = target.registry();
        this.base = Http.scheme(target.host(), insecure) + "://" + target.registry();
        this.repository = target.repository();
        this.credential = credential;
        this.chunkSize = chunkSize;
    }

    /** True when the registry already has the blob (HEAD 200): it is then not uploaded again. */
    public boolean blobExists(String digest) {
        HttpResponse<Void> r = send(() -> HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Http.REQUEST_TIMEOUT),
                HttpResponse.BodyHandlers.discarding(), "push,pull");
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw unexpected("HEAD blob " + digest, r.statusCode(), "");
    }

    /** Uploads a blob from a file: one PUT when it is small, else PATCH chunks and a closing PUT. */
    public void uploadBlob(String digest, Path file, long size) {
        String location = startUpload();
        if (size <= chunkSize) {
            finishUpload(location, digest, () -> {
                try {
                    return HttpRequest.BodyPublishers.ofFile(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return;
        }
        long offset = 0;
        while (offset < size) {
            long start = offset;
            long end = Math.min(size, offset + chunkSize);
            String target = location;
            HttpResponse<String> r = send(() -> HttpRequest.newBuilder(URI.create(target))
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", start + "-" + (end - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> slice(file, start, end - start)), end - start)),
                    HttpResponse.BodyHandlers.ofString(), "push,pull");
            if (r.statusCode() != 202) {
                throw unexpected("PATCH upload chunk " + start + "-" + (end - 1) + " of " + digest, r.statusCode(), r.body());
            }
            location = location(r);
            offset = end;
        }
        finishUpload(location, digest, HttpRequest.BodyPublishers::noBody);
    }

    /** Uploads a small blob held in memory (a config) with one PUT. */
    public void uploadBlob(String digest, byte[] bytes) {
        finishUpload(startUpload(), digest, () -> HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private String startUpload() {
        HttpResponse<String> r = send(() -> HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .timeout(Http.REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString(), "push,pull");
        if (r.statusCode() != 202) {
            throw unexpected("POST blob upload", r.statusCode(), r.body());
        }
        return location(r);
    }

    private void finishUpload(String location, String digest, Supplier<HttpRequest.BodyPublisher> body) {
        String url = location + (location.contains("?") ? "&" : "?") + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(() -> HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/octet-stream").PUT(body.get()),
                HttpResponse.BodyHandlers.ofString(), "push,pull");
        if (r.statusCode() != 201) {
            throw unexpected("PUT blob " + digest, r.statusCode(), r.body());
        }
    }

    private String location(HttpResponse<?> r) {
        String loc = r.headers().firstValue("Location").orElseThrow(() -> new PublishException(
                PublishException.Kind.REJECTED, "registry " + host + " started an upload without a Location header"));
        return r.uri().resolve(loc).toString();
    }

    private static InputStream slice(Path file, long start, long length) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(start);
            return new java.io.FilterInputStream(in) {
                long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buf, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PUTs a manifest under a tag (or digest); returns the digest the registry gives it. */
    public String putManifest(String reference, byte[] manifest, String mediaType) {
        HttpResponse<String> r = send(() -> HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .timeout(Http.REQUEST_TIMEOUT).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                HttpResponse.BodyHandlers.ofString(), "push,pull");
        if (r.statusCode() != 201) {
            throw unexpected("PUT manifest " + reference, r.statusCode(), r.body());
        }
        return r.headers().firstValue("Docker-Content-Digest").orElse(Digests.sha256(manifest));
    }

    /** The manifest under a tag or digest, if there is one. */
    public Optional<byte[]> getManifest(String reference, String accept) {
        HttpResponse<byte[]> r = send(() -> HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .timeout(Http.REQUEST_TIMEOUT).header("Accept", accept).GET(),
                HttpResponse.BodyHandlers.ofByteArray(), "pull");
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw unexpected("GET manifest " + reference, r.statusCode(), "");
        }
        return Optional.of(r.body());
    }

    /** The bytes of a blob. */
    public byte[] getBlob(String digest) {
        HttpResponse<byte[]> r = send(() -> HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest))
                .timeout(Http.REQUEST_TIMEOUT).GET(), HttpResponse.BodyHandlers.ofByteArray(), "pull");
        if (r.statusCode() != 200) {
            throw unexpected("GET blob " + digest, r.statusCode(), "");
        }
        return r.body();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * Sends with the current authorization; on a 401 answers the registry's challenge (Basic with the
     * credential, or a Bearer token from the realm) once and sends again. A 401/403 after that, or a
     * challenge with no credential to answer it with, is an AUTH failure naming the host and the credential.
     */
    private <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler,
                                     String actions) {
        HttpResponse<T> r = Http.send(http, withAuth(request.get()).build(), handler, host);
        if (r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            authorization = answer(challenge, actions);
            r = Http.send(http, withAuth(request.get()).build(), handler, host);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw authFailure(r.statusCode());
        }
        if (Http.transientStatus(r.statusCode())) {
            throw new PublishException(PublishException.Kind.UNREACHABLE, "registry " + host + " answered HTTP "
                    + r.statusCode() + " to " + r.request().method() + " " + r.request().uri().getPath());
        }
        return r;
    }

    private HttpRequest.Builder withAuth(HttpRequest.Builder b) {
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private String answer(String challenge, String actions) {
        String lower = challenge.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("basic")) {
            return credential.orElseThrow(() -> authFailure(401)).basicHeader();
        }
        if (!lower.startsWith("bearer")) {
            throw authFailure(401);
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            p.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = p.get("realm");
        if (realm == null) {
            throw new PublishException(PublishException.Kind.REJECTED, "registry " + host
                    + " asked for a Bearer token without a realm: " + challenge);
        }
        String scope = p.getOrDefault("scope", "repository:" + repository + ":" + actions);
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (p.containsKey("service")) {
            url.append("service=").append(URLEncoder.encode(p.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        url.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpRequest.Builder token = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Http.REQUEST_TIMEOUT).GET();
        credential.ifPresent(c -> token.header("Authorization", c.basicHeader()));
        String realmHost = URI.create(realm).getHost();
        HttpResponse<String> r = Http.send(http, token.build(), HttpResponse.BodyHandlers.ofString(), realmHost);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw authFailure(r.statusCode());
        }
        if (r.statusCode() != 200) {
            throw unexpected("GET token from " + realm, r.statusCode(), r.body());
        }
        try {
            JsonNode body = ModelBundle.JSON.readTree(r.body());
            String t = body.path("token").asText(body.path("access_token").asText(""));
            if (t.isEmpty()) {
                throw new PublishException(PublishException.Kind.REJECTED, "token service " + realm + " gave no token");
            }
            return "Bearer " + t;
        } catch (IOException e) {
            throw new PublishException(PublishException.Kind.REJECTED, "token service " + realm
                    + " answered something that is not JSON", e);
        }
    }

    private PublishException authFailure(int status) {
        String tried = credential.map(Credentials.Credential::describe)
                .orElse("no credentials (set LATHE_REGISTRY_USER and LATHE_REGISTRY_PASSWORD, or log in with "
                        + "podman login / docker login)");
        return new PublishException(PublishException.Kind.AUTH, "registry " + host + " refused access to "
                + repository + " (HTTP " + status + (status == 401 ? " unauthorized" : " forbidden") + "); tried "
                + tried);
    }

    private PublishException unexpected(String what, int status, String body) {
        String detail = body == null || body.isBlank() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) : body).strip();
        return new PublishException(PublishException.Kind.REJECTED, "registry " + host + " answered HTTP " + status
                + " to " + what + detail);
    }
}
