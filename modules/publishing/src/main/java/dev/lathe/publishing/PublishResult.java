package dev.lathe.publishing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a publish made: digest (OCI manifest digest or git commit id; null for MLflow), url (where to find it),
 * and details for people and --format json (blobs uploaded and skipped, run id, ...).
 */
public record PublishResult(String digest, String url, Map<String, Object> details) {
    public PublishResult {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
