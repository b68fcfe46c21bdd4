import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Two JSON reports compared field by field as #15 asks: integers and strings exactly, costs (a key naming usd, cost or
 * share) to 1e-9 relative, other numbers (percentiles, means, rates) to 1e-6; keys in any order; inputs[].file ignored
 * (the logs as each run named them). Prints "equal" or the differences; exit 1 when any.
 * Usage: java -cp target/techopt.jar bench/JsonFiguresEqual.java A.json B.json
 */
public class JsonFiguresEqual {
    public static void main(String[] args) throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<String> diffs = new ArrayList<>();
        compare("", m.readTree(new File(args[0])), m.readTree(new File(args[1])), diffs);
        if (diffs.isEmpty()) {
            System.out.println("equal");
            return;
        }
        diffs.stream().limit(40).forEach(System.out::println);
        System.out.println(diffs.size() + " differences");
        System.exit(1);
    }

    static void compare(String at, JsonNode e, JsonNode a, List<String> diffs) {
        if (at.matches("/inputs/\\d+/file")) {
            return;
        }
        if (e == null || a == null || e.getNodeType() != a.getNodeType()) {
            diffs.add(at + ": " + e + " vs " + a);
        } else if (e.isObject()) {
            TreeSet<String> ke = new TreeSet<>(), ka = new TreeSet<>();
            e.fieldNames().forEachRemaining(ke::add);
            a.fieldNames().forEachRemaining(ka::add);
            if (!ke.equals(ka)) {
                diffs.add(at + ": keys " + ke + " vs " + ka);
                return;
            }
            ke.forEach(k -> compare(at + "/" + k, e.get(k), a.get(k), diffs));
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                diffs.add(at + ": " + e.size() + " items vs " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                compare(at + "/" + i, e.get(i), a.get(i), diffs);
            }
        } else if (e.isNumber() && !(e.isIntegralNumber() && a.isIntegralNumber())) {
            double x = e.asDouble(), y = a.asDouble();
            double tol = at.matches(".*(usd|cost|share).*") ? 1e-9 : 1e-6;
            if (Math.abs(x - y) > tol * Math.max(Math.abs(x), Math.abs(y))) {
                diffs.add(at + ": " + x + " vs " + y);
            }
        } else if (!e.equals(a)) {
            diffs.add(at + ": " + e + " vs " + a);
        }
    }
}
