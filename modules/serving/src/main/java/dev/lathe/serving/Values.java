package dev.lathe.serving;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON values as the predictor takes them: numbers, text, booleans, or null for a missing value. */
final class Values {
    private Values() {
    }

    /**
     * @param where "row 3, column 'alcohol'", for the message when the value is an array or object
     */
    static Object of(JsonNode node, String where) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw HttpError.badRequest(where + ": " + abbreviate(node.toString())
                + " is not a single value (expected a number or text)");
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
