package dev.lathe.publishing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** The HTTP plumbing OCI and MLflow share: one client, and transport failures turned into PublishExceptions. */
final class Http {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private Http() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** "http" only for loopback hosts or when plain HTTP was allowed; TLS everywhere else. */
    static String scheme(String host, boolean insecure) {
        return insecure || PublishTarget.isLoopback(host) ? "http" : "https";
    }

    /** Sends, turning "cannot reach" into UNREACHABLE (retried later) and a TLS failure into REJECTED. */
    static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                    String host) {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Kind.UNREACHABLE, "interrupted while talking to " + host, e);
        } catch (SSLException e) {
            throw new PublishException(PublishException.Kind.REJECTED, "TLS with " + host + " failed ("
                    + e.getMessage() + "); a server on plain HTTP needs --insecure", e);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(host, "connect timed out", e);
        } catch (HttpTimeoutException e) {
            throw unreachable(host, "no answer in " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof UnresolvedAddressException ? "unknown host"
                    : cause.getMessage() == null ? "connection refused" : cause.getMessage();
            throw unreachable(host, why, e);
        } catch (UnresolvedAddressException e) {
            throw unreachable(host, "unknown host", e);
        } catch (IOException e) {
            throw unreachable(host, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    static PublishException unreachable(String host, String why, Throwable cause) {
        return new PublishException(PublishException.Kind.UNREACHABLE, "cannot reach " + host + ": " + why, cause);
    }

    /** True for statuses worth retrying later: 5xx, 429 and 408. */
    static boolean transientStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }
}
