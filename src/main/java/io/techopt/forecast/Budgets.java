package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Monthly budgets per scope, from YAML:
 * <pre>
 * budgets:
 *   - {scope: total, monthly_usd: 500}
 *   - {scope: "team:support", monthly_usd: 200}
 *   - {scope: "model:claude-sonnet-4-20250514", monthly_usd: 150}
 * </pre>
 * The short form {@code {total: 500, "team:support": 200}} works too.
 */
public final class Budgets {
    /** A scope is "total" or dimension:value with dimension one of team, model, user, provider. */
    public record Budget(String scope, double monthlyUsd) {
        public String dimension() {
            return scope.equals("total") ? null : scope.substring(0, scope.indexOf(':'));
        }

        public String value() {
            return scope.equals("total") ? null : scope.substring(scope.indexOf(':') + 1);
        }
    }

    private Budgets() {
    }

    /**
     * The budgets of a file; a file that is not a budget file (not YAML, a bad scope or amount) is the user's to fix: an
     * IllegalArgumentException, a usage error (exit 2), naming the file and what is wrong.
     */
    public static List<Budget> load(Path file) throws IOException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid YAML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        List<Budget> out = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a budget file is a YAML mapping (see cost-forecast --help)");
        }
        if (root.has("budgets")) {
            for (JsonNode b : root.get("budgets")) {
                out.add(budget(file, b.path("scope").asText(null), b.get("monthly_usd")));
            }
        } else {
            var it = root.properties().iterator();
            while (it.hasNext()) {
                var f = it.next();
                out.add(budget(file, f.getKey(), f.getValue()));
            }
        }
        // a second budget on a scope was never checked: the first one won, without a word
        java.util.Map<String, Budget> seen = new java.util.HashMap<>();
        for (Budget b : out) {
            Budget before = seen.putIfAbsent(b.scope(), b);
            if (before != null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: scope '%s' has two budgets ($%.2f and "
                        + "$%.2f): give each scope one", file, b.scope(), before.monthlyUsd(), b.monthlyUsd()));
            }
        }
        return out;
    }

    private static Budget budget(Path file, String scope, JsonNode usd) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException(file + ": a budget without 'scope'");
        }
        String s = scope.trim();
        if (!s.equalsIgnoreCase("total")) {
            int colon = s.indexOf(':');
            String dim = colon < 0 ? "" : s.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!List.of("team", "model", "user", "provider").contains(dim) || colon == s.length() - 1) {
                throw new IllegalArgumentException(file + ": scope '" + s + "' must be total, team:NAME, model:NAME, user:NAME or provider:NAME");
            }
            s = dim + s.substring(colon);
        } else {
            s = "total";
        }
        if (usd == null || !usd.isNumber() || usd.asDouble() <= 0) {
            throw new IllegalArgumentException(file + ": budget for '" + s + "' needs monthly_usd, a positive number");
        }
        return new Budget(s, usd.asDouble());
    }
}
