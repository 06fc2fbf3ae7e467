package dev.lathe.publishing;

import dev.lathe.packaging.ImageBuilder;
import dev.lathe.packaging.PackagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code image://} targets through the packaging module's {@link ImageBuilder}: the model folder is laid out from
 * the workspace's blobs, built into a runnable serving image and pushed (Jib skips layers the registry has).
 */
public final class ImagePublisher implements ImagePublishing {
    @Override
    public PublishResult push(ModelBundle bundle, PublishTarget.Oci target, boolean insecure,
                              Optional<Credentials.Credential> credential, PublishListener listener) {
        String reference = target.registry() + "/" + target.repository() + ":" + OciPublisher.tag(target, bundle.version());
        Path folder = null;
        try {
            folder = Files.createTempDirectory("lathe-image-model");
            for (ModelBundle.ModelFile f : bundle.files()) {
                Path dest = folder.resolve(f.path()).normalize();
                Files.createDirectories(dest.getParent());
                Files.copy(f.blob(), dest, StandardCopyOption.REPLACE_EXISTING);
            }
            var v = bundle.version();
            ImageBuilder.Request request = new ImageBuilder.Request(folder,
                    new ImageBuilder.ModelInfo(v.modelName(), String.valueOf(v.version()), v.runId(), v.gitCommit()),
                    new ImageBuilder.Target.Registry(reference, insecure, credential.map(Credentials.Credential::user).orElse(null),
                            credential.map(Credentials.Credential::secret).orElse(null)), null, null);
            int[] step = {0};
            ImageBuilder.Result r = ImageBuilder.build(request, line -> listener.step("image", ++step[0], 0));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reference", r.reference());
            details.put("layers", r.layers().size());
            details.put("compressed_bytes", r.size());
            details.put("seconds", r.took().toMillis() / 1000.0);
            return new PublishResult(r.digest(), "image://" + reference.substring(0, reference.lastIndexOf(':')) + "@"
                    + r.digest(), details);
        } catch (IOException e) {
            throw new PublishException(PublishException.Kind.REJECTED, "cannot lay out the model folder: " + e.getMessage(), e);
        } catch (PackagingException | UncheckedIOException e) {
            throw translate(e, target, credential);
        } finally {
            if (folder != null) {
                deleteQuietly(folder);
            }
        }
    }

    private static PublishException translate(RuntimeException e, PublishTarget.Oci target,
                                              Optional<Credentials.Credential> credential) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof NoRouteToHostException) {
                return Http.unreachable(target.registry(), String.valueOf(t.getMessage()), e);
            }
            String name = t.getClass().getSimpleName();
            if (name.equals("RegistryUnauthorizedException") || name.equals("RegistryCredentialsNotSentException")) {
                return new PublishException(PublishException.Kind.AUTH, "registry " + target.registry()
                        + " refused access to " + target.repository() + "; tried "
                        + credential.map(Credentials.Credential::describe).orElse("no credentials (set LATHE_REGISTRY_USER "
                        + "and LATHE_REGISTRY_PASSWORD, or log in with podman login / docker login)"), e);
            }
        }
        return new PublishException(PublishException.Kind.REJECTED, e.getMessage(), e);
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
