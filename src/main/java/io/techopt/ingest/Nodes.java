package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/** Small null-safe accessors for tree-based readers. */
final class Nodes {
    private Nodes() {
    }

    static String text(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    static JsonNode at(JsonNode n, String... path) {
        JsonNode v = n;
        for (String p : path) {
            if (v == null) {
                return null;
            }
            v = v.get(p);
        }
        return v;
    }

    static double number(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** A timestamp that may be ISO text, epoch seconds or epoch milliseconds; MIN_VALUE when absent. */
    static long time(JsonNode v) throws BadInputException {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Long.MIN_VALUE;
        }
        if (v.isNumber()) {
            return Timestamps.fromNumber(v.asDouble());
        }
        return Timestamps.parse(v.asText());
    }

    static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String s = text(n, f);
            if (s != null) {
                return s;
            }
        }
        return null;
    }
}
