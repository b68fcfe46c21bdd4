package io.techopt.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.techopt.core.Complexity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Token budgets per complexity, split into system, context, input, output and reserve. The defaults are the
 * seed's totals (simple 1,800, medium 4,500, complex 8,500); a YAML file overrides any part:
 * <pre>
 * simple:  {system: 300, context: 500, input: 300, output: 600, reserve: 100}
 * complex: {output: 3000}
 * </pre>
 */
public record TokenBudget(int system, int context, int input, int output, int reserve) {
    public int total() {
        return system + context + input + output + reserve;
    }

    /** What the prompt may take: everything but the output and the reserve. */
    public int prompt() {
        return system + context + input;
    }

    public static Map<Complexity, TokenBudget> defaults() {
        Map<Complexity, TokenBudget> m = new EnumMap<>(Complexity.class);
        m.put(Complexity.SIMPLE, new TokenBudget(300, 500, 300, 600, 100));
        m.put(Complexity.MEDIUM, new TokenBudget(600, 1800, 600, 1200, 300));
        m.put(Complexity.COMPLEX, new TokenBudget(1000, 3500, 1000, 2500, 500));
        return m;
    }

    public static Map<Complexity, TokenBudget> load(Path yaml) throws IOException {
        Map<Complexity, TokenBudget> m = defaults();
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(yaml));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(yaml + ": not valid YAML");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(yaml + ": budgets are a mapping of simple/medium/complex to their parts");
        }
        var it = root.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Complexity c;
            try {
                c = Complexity.valueOf(e.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new IOException(yaml + ": '" + e.getKey() + "' is not simple, medium or complex");
            }
            TokenBudget d = m.get(c);
            JsonNode v = e.getValue();
            m.put(c, new TokenBudget(part(yaml, v, "system", d.system), part(yaml, v, "context", d.context),
                    part(yaml, v, "input", d.input), part(yaml, v, "output", d.output), part(yaml, v, "reserve", d.reserve)));
        }
        return m;
    }

    private static int part(Path yaml, JsonNode v, String name, int fallback) throws IOException {
        JsonNode n = v.get(name);
        if (n == null) {
            return fallback;
        }
        if (!n.canConvertToInt() || n.asInt() < 0) {
            throw new IOException(yaml + ": '" + name + "' must be a whole number of tokens");
        }
        return n.asInt();
    }
}
