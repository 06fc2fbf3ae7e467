package dev.lathe.publishing;

import java.util.Optional;

/**
 * Builds a runnable image serving a model version and pushes it to a registry ({@code image://} targets).
 * {@link ImagePublisher} does it with the packaging module's Jib-based image builder; tests and embedders may
 * hand {@link Publishers} another.
 */
public interface ImagePublishing {
    /**
     * Builds and pushes the image; the result's digest is the image manifest's.
     *
     * @param credential the registry credential found for the target, if any
     * @throws PublishException UNREACHABLE when the registry cannot be reached, so the outbox retries later
     */
    PublishResult push(ModelBundle bundle, PublishTarget.Oci target, boolean insecure,
                       Optional<Credentials.Credential> credential, PublishListener listener);
}
