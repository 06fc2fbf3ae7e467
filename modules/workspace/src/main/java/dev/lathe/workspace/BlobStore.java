package dev.lathe.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-addressed files: {@code blobs/ab/cdef...} named by the sha256 of their bytes. A blob is written
 * to a temporary file and moved into place, so a crash never leaves a half-written blob under its name.
 */
public final class BlobStore {
    private final Path root;

    BlobStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The stored blob's bytes, as its path. */
    public Path path(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
    }

    public boolean contains(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** A stored blob: its digest and size. */
    public record Stored(String sha256, long size) {
    }

    public Stored put(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return put(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file + " in " + root + ": " + e.getMessage(), e);
        }
    }

    public Stored put(byte[] bytes) {
        return put(new java.io.ByteArrayInputStream(bytes));
    }

    public Stored put(InputStream in) {
        try {
            Path tmpDir = root.resolve("tmp");
            Files.createDirectories(tmpDir);
            Path tmp = Files.createTempFile(tmpDir, "blob", ".part");
            MessageDigest digest = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                size = in.transferTo(out);
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            Path target = path(hex);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.delete(tmp);
            } else {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Stored(hex, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob under " + root + ": " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
