package dev.lathe.app.compare;

import java.util.List;

/** A param whose value differs across the compared runs, with each run's value in run order ("" when unset). */
public record ParamDiff(String key, List<String> values) {
}
