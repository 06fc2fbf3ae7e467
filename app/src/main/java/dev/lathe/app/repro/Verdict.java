package dev.lathe.app.repro;

import java.util.Locale;
import java.util.Map;

/** Whether a run was trained again and matched, as `lathe reproduce` tags it ({@value #TAG}). */
public enum Verdict {
    EXACT("Reproduced exactly"),
    TOLERANCE("Reproduced within tolerance"),
    DIVERGED("Diverged on reproduction"),
    NOT_REPRODUCED("Not reproduced");

    /** The run tag `lathe reproduce` sets on the original run: exact, tolerance or diverged. */
    public static final String TAG = "lathe.reproduced";
    /** The tag naming the run that reproduced it. */
    public static final String BY_TAG = "lathe.reproduced.by";

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The CSS pseudo-class of the badge. */
    public String styleName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** From a tag value (or the verdict field of `lathe reproduce --format json`). */
    public static Verdict of(String value) {
        if (value == null) {
            return NOT_REPRODUCED;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "exact" -> EXACT;
            case "tolerance", "within_tolerance" -> TOLERANCE;
            case "diverged" -> DIVERGED;
            default -> NOT_REPRODUCED;
        };
    }

    public static Verdict ofTags(Map<String, String> tags) {
        return of(tags.get(TAG));
    }
}
