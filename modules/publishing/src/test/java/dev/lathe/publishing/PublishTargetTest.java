package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishTargetTest {
    @Test
    void parsesEachKindOfUrl() {
        var oci = assertInstanceOf(PublishTarget.Oci.class, PublishTarget.parse("oci://registry.example.org:5000/team/iris:prod"));
        assertEquals("registry.example.org:5000", oci.registry());
        assertEquals("team/iris", oci.repository());
        assertEquals("prod", oci.tag());
        var noTag = assertInstanceOf(PublishTarget.Oci.class, PublishTarget.parse("oci://ghcr.io/ana/models"));
        assertNull(noTag.tag());
        assertEquals(-1, noTag.port());
        assertTrue(assertInstanceOf(PublishTarget.Oci.class, PublishTarget.parse("image://127.0.0.1:5000/iris")).image());
        var mlflow = assertInstanceOf(PublishTarget.Mlflow.class, PublishTarget.parse("mlflow+https://mlflow.example.org/prefix/"));
        assertEquals("https://mlflow.example.org/prefix", mlflow.base().toString());
        assertEquals("file:///srv/models.git", assertInstanceOf(PublishTarget.Git.class,
                PublishTarget.parse("git+file:///srv/models.git")).remote());
        assertEquals("git://127.0.0.1:9418/models.git", assertInstanceOf(PublishTarget.Git.class,
                PublishTarget.parse("git://127.0.0.1:9418/models.git")).remote());
    }

    @Test
    void badUrlsAreRefusedNamingThePart() {
        assertTrue(bad("s3://bucket/x").contains("unknown target 's3://bucket/x'"));
        assertTrue(bad("oci://registry.example.org").contains("needs a repository"));
        assertTrue(bad("oci://registry.example.org/Team/Iris").contains("bad repository name 'Team/Iris'"));
        assertTrue(bad("oci://registry.example.org:port/x").contains("bad port 'port'"));
    }

    private static String bad(String url) {
        PublishException e = assertThrows(PublishException.class, () -> PublishTarget.parse(url));
        assertEquals(PublishException.Kind.BAD_INPUT, e.kind());
        return e.getMessage();
    }

    @Test
    void plainHttpOnlyForLoopbackOrWhenAllowed() {
        Publishers p = new Publishers(new Credentials(Map.of(), java.nio.file.Path.of("/nonexistent")), Http.client(),
                Optional.empty(), OciClient.DEFAULT_CHUNK);
        assertEquals("http", Http.scheme("127.0.0.1", false));
        assertEquals("http", Http.scheme("localhost", false));
        assertEquals("https", Http.scheme("registry.example.org", false));
        assertEquals("http", Http.scheme("registry.example.org", true));
        PublishException e = assertThrows(PublishException.class,
                () -> p.forTarget(PublishTarget.parse("mlflow+http://mlflow.example.org"), false));
        assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
        p.forTarget(PublishTarget.parse("mlflow+http://mlflow.example.org"), true);
        PublishException image = assertThrows(PublishException.class,
                () -> p.forTarget(PublishTarget.parse("image://127.0.0.1:5000/iris"), false));
        assertTrue(image.getMessage().contains("oci://127.0.0.1:5000/iris"), image.getMessage());
    }

    @Test
    void authFilesAreReadInOrderAndEnvironmentWins() throws Exception {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("lathe-home");
        java.nio.file.Files.createDirectories(home.resolve(".docker"));
        java.nio.file.Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"https://ghcr.io\":{\"auth\":\""
                + java.util.Base64.getEncoder().encodeToString("ana:tok".getBytes()) + "\"}}}");
        Credentials c = new Credentials(Map.of(), home);
        assertEquals("ana", c.registry("ghcr.io").orElseThrow().user());
        assertTrue(c.registry("ghcr.io").orElseThrow().source().endsWith(".docker/config.json"));
        assertTrue(c.registry("quay.io").isEmpty());
        Credentials env = new Credentials(Map.of("LATHE_REGISTRY_USER", "bo", "LATHE_REGISTRY_PASSWORD", "x"), home);
        assertEquals("bo", env.registry("ghcr.io").orElseThrow().user());
        assertTrue(!env.registry("ghcr.io").orElseThrow().toString().contains("x\""));
    }
}
