package dev.lathe.app.compare;

import java.util.Map;

/** One compared run: its id, the label its line and column carry, and its params. */
public record CompareRun(String id, String label, Map<String, String> params) {
}
