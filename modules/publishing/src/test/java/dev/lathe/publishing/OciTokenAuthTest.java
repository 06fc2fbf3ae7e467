package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.lathe.workspace.Workspace;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bearer token flow against a real registry configured for token auth: the registry answers 401 with
 * WWW-Authenticate: Bearer realm=...,service=...,scope=...; Lathe fetches a token from the realm (a small token
 * service in this test that checks the user's password and signs an ES256 JWT the registry trusts) and retries.
 */
class OciTokenAuthTest {
    @TempDir
    Path tmp;

    @Test
    void publishesWithATokenFromTheRealmAndNamesTheUserWhenRefused() throws Exception {
        Programs.require("docker-registry", "docker-registry");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path ks = tmp.resolve("token.p12");
        Programs.run(List.of(keytool.toString(), "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "t",
                "-dname", "CN=lathe-test-token", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit"), tmp);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("t", "changeit".toCharArray());
        Certificate cert = store.getCertificate("t");
        Path pem = tmp.resolve("token.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");

        AtomicInteger tokensIssued = new AtomicInteger();
        HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", ex -> {
            try (ex) {
                String expected = "Basic " + Base64.getEncoder().encodeToString("ana:pw-1".getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                Map<String, String> q = new HashMap<>();
                for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
                String[] scope = q.get("scope").split(":");
                byte[] body = ModelBundle.bytes(Map.of("token", jwt(key, cert, q.get("service"), scope[1],
                        List.of(scope[2].split(",")))));
                tokensIssued.incrementAndGet();
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        tokens.start();
        int port = Programs.freePort();
        Path dir = tmp.resolve("registry");
        Files.createDirectories(dir.resolve("storage"));
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  token:
                    realm: http://127.0.0.1:%d/token
                    service: lathe-test-registry
                    issuer: lathe-test-issuer
                    rootcertbundle: %s
                """.formatted(dir.resolve("storage"), port, tokens.getAddress().getPort(), pem));
        Process registry = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            Programs.awaitPort(port, registry, dir.resolve("log"));
            TrainedModel.train(ws, "iris-cls", 1, 0);
            String url = "oci://127.0.0.1:" + port + "/team/iris";

            Outbox.Outcome refused = outbox(ws, Map.of("LATHE_REGISTRY_USER", "ana", "LATHE_REGISTRY_PASSWORD", "nope"))
                    .publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertEquals(PublishException.Kind.AUTH, refused.error().kind());
            assertTrue(refused.error().getMessage().contains("127.0.0.1:" + port)
                    && refused.error().getMessage().contains("user 'ana' from LATHE_REGISTRY_USER"), refused.error().getMessage());

            Outbox.Outcome ok = outbox(ws, Map.of("LATHE_REGISTRY_USER", "ana", "LATHE_REGISTRY_PASSWORD", "pw-1"))
                    .publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(ok.done(), () -> ok.error() + "\n" + Programs.read(dir.resolve("log")));
            assertTrue(tokensIssued.get() >= 1);
            OciClient pull = new OciClient(Http.client(), (PublishTarget.Oci) PublishTarget.parse(url), false,
                    Optional.of(new Credentials.Credential("ana", "pw-1", "test")), OciClient.DEFAULT_CHUNK);
            byte[] manifest = pull.getManifest("1", OciPublisher.MANIFEST_TYPE).orElseThrow();
            assertEquals(ok.job().resultDigest(), Digests.sha256(manifest));
        } finally {
            Programs.stop(registry);
            tokens.stop(0);
        }
    }

    private Outbox outbox(Workspace ws, Map<String, String> env) {
        return new Outbox(ws, new Publishers(new Credentials(env, tmp), Http.client(), Optional.empty(), OciClient.DEFAULT_CHUNK));
    }

    /** An ES256 JWT in distribution's token format, with the signing certificate in x5c. */
    static String jwt(PrivateKey key, Certificate cert, String service, String repository, List<String> actions)
            throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = ModelBundle.JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = ModelBundle.JSON.createObjectNode().put("iss", "lathe-test-issuer").put("sub", "ana")
                .put("aud", service).put("exp", now + 300).put("nbf", now - 10).put("iat", now)
                .put("jti", Long.toHexString(System.nanoTime()));
        ObjectNode access = claims.putArray("access").addObject().put("type", "repository").put("name", repository);
        actions.forEach(access.putArray("actions")::add);
        String signingInput = b64.encodeToString(ModelBundle.bytes(header)) + "." + b64.encodeToString(ModelBundle.bytes(claims));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key);
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(s.sign());
    }
}
