package dev.lathe.publishing;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints blob push figures against a real local registry: a 256 MiB weights file sent in one PUT, another sent
 * in 32 MiB chunks, and the existence check that makes a second push skip it. Run with
 * {@code -Dtest=OciPushBench -Dgroups=bench -Dlathe.excludedGroups=none}.
 */
@Tag("bench")
class OciPushBench {
    @TempDir
    Path tmp;

    @Test
    void pushFigures() throws Exception {
        long size = Long.getLong("lathe.bench.mib", 256) << 20;
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            PublishTarget.Oci target = (PublishTarget.Oci) PublishTarget.parse("oci://" + registry.address() + "/bench/blob");
            OciClient client = new OciClient(Http.client(), target, false, Optional.empty(), OciClient.DEFAULT_CHUNK);
            for (String mode : new String[] {"one PUT", "32 MiB chunks"}) {
                Path file = tmp.resolve(mode.replace(' ', '-'));
                String digest = write(file, size, mode.hashCode());
                long t0 = System.nanoTime();
                if (mode.equals("one PUT")) {
                    new OciClient(Http.client(), target, false, Optional.empty(), Long.MAX_VALUE).uploadBlob(digest, file, size);
                } else {
                    client.uploadBlob(digest, file, size);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                boolean exists = client.blobExists(digest);
                double check = (System.nanoTime() - t1) / 1e6;
                System.out.printf(Locale.ROOT, "%-14s %5d MiB in %6.2f s = %7.1f MiB/s; second push: HEAD %s in %.1f ms%n",
                        mode, size >> 20, s, (size >> 20) / s, exists ? "found it" : "MISSING", check);
            }
        }
    }

    private static String write(Path file, long size, long seed) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        Random r = new Random(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                r.nextBytes(buf);
                md.update(buf);
                out.write(buf);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
