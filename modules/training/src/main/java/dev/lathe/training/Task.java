package dev.lathe.training;

/** What a model predicts: a class among several, or a number. */
public enum Task {
    CLASSIFICATION, REGRESSION;

    public static Task parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "classification", "classify", "class" -> CLASSIFICATION;
            case "regression", "regress" -> REGRESSION;
            default -> throw new TrainingException("unknown task '" + text + "' (expected classification or regression)");
        };
    }
}
