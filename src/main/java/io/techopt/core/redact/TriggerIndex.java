package io.techopt.core.redact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule's triggers looked for in one pass over a text: which rules {@link Rule#applies} would let run, found at once.
 * Asked one rule at a time, the 291 triggers were 291 passes over each text, half of the redactor's CPU. A trigger is
 * tried only where the text's two characters (ASCII, in any case) can start it; the test there is {@link Rule#applies}'s:
 * as written, or in any case for an any-case rule.
 */
final class TriggerIndex {
    private final int ruleCount;
    private final String[] triggers;
    private final boolean[] anyCase;
    /** The rules (by index) each trigger lets run. */
    private final int[][] rulesOf;
    /** The rules without triggers (a gate alone decides). */
    private final int[] untriggered;
    /** Triggers of one ASCII character, by it. */
    private final int[][] single = new int[128][];
    /** Longer triggers by their first two characters when both are ASCII, folded to lower case (first * 128 + second). */
    private final int[][] byPair = new int[128 * 128][];
    /** Longer triggers by an ASCII first character, tried where the next character is no ASCII (a Kelvin sign is a 'k' in any case). */
    private final int[][] byFirst = new int[128][];
    /** Triggers by a first character that is no ASCII. */
    private final char[] otherFirst;
    private final int[][] byOther;

    TriggerIndex(List<Rule> rules) {
        ruleCount = rules.size();
        Map<String, List<Integer>> rulesByTrigger = new LinkedHashMap<>();
        List<Integer> none = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            if (rule.triggers() == null) {
                none.add(r);
                continue;
            }
            for (String t : rule.triggers()) {
                rulesByTrigger.computeIfAbsent((rule.anyCase() ? "i" : "s") + t, k -> new ArrayList<>()).add(r);
            }
        }
        untriggered = toArray(none);
        int n = rulesByTrigger.size();
        triggers = new String[n];
        anyCase = new boolean[n];
        rulesOf = new int[n][];
        Map<Integer, List<Integer>> singles = new LinkedHashMap<>(), pairs = new LinkedHashMap<>(), firsts = new LinkedHashMap<>();
        Map<Character, List<Integer>> others = new LinkedHashMap<>();
        int id = 0;
        for (var e : rulesByTrigger.entrySet()) {
            String t = e.getKey().substring(1);
            triggers[id] = t;
            anyCase[id] = e.getKey().charAt(0) == 'i';
            rulesOf[id] = toArray(e.getValue());
            char first = t.charAt(0), firstUpper = Character.toUpperCase(first);
            if (first >= 128 || anyCase[id] && firstUpper >= 128) {
                others.computeIfAbsent(first, k -> new ArrayList<>()).add(id);
                if (anyCase[id] && firstUpper != first) {
                    others.computeIfAbsent(firstUpper, k -> new ArrayList<>()).add(id);
                }
            } else if (t.length() == 1) {
                singles.computeIfAbsent((int) first, k -> new ArrayList<>()).add(id);
                if (anyCase[id] && firstUpper != first) {
                    singles.computeIfAbsent((int) firstUpper, k -> new ArrayList<>()).add(id);
                }
            } else {
                char second = t.charAt(1);
                for (int s = 0; s < 128; s++) {
                    if (second >= 128 || s == fold(second)) { // a second character beyond ASCII: any ASCII one may be its case
                        pairs.computeIfAbsent(fold(first) * 128 + s, k -> new ArrayList<>()).add(id);
                    }
                }
                firsts.computeIfAbsent((int) first, k -> new ArrayList<>()).add(id);
                if (anyCase[id] && firstUpper != first) {
                    firsts.computeIfAbsent((int) firstUpper, k -> new ArrayList<>()).add(id);
                }
            }
            id++;
        }
        singles.forEach((c, ids) -> single[c] = toArray(ids));
        pairs.forEach((p, ids) -> byPair[p] = toArray(ids));
        firsts.forEach((c, ids) -> byFirst[c] = toArray(ids));
        otherFirst = new char[others.size()];
        byOther = new int[others.size()][];
        int k = 0;
        for (var e : others.entrySet()) {
            otherFirst[k] = e.getKey();
            byOther[k++] = toArray(e.getValue());
        }
    }

    /** For each rule (by its index in the list given), whether one of its triggers occurs in s; true for a rule without triggers. */
    boolean[] triggered(String s) {
        boolean[] rules = new boolean[ruleCount];
        for (int r : untriggered) {
            rules[r] = true;
        }
        boolean[] found = new boolean[triggers.length];
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128) {
                tryAt(s, i, other(c), found, rules);
                continue;
            }
            tryAt(s, i, single[c], found, rules);
            if (i + 1 < n) {
                char d = s.charAt(i + 1);
                tryAt(s, i, d < 128 ? byPair[fold(c) * 128 + fold(d)] : byFirst[c], found, rules);
            }
        }
        return rules;
    }

    private void tryAt(String s, int i, int[] candidates, boolean[] found, boolean[] rules) {
        if (candidates == null) {
            return;
        }
        for (int t : candidates) {
            if (!found[t] && asciiFoldedAt(s, i, triggers[t])
                    && (anyCase[t] ? s.regionMatches(true, i, triggers[t], 0, triggers[t].length()) : s.startsWith(triggers[t], i))) {
                found[t] = true;
                for (int r : rulesOf[t]) {
                    rules[r] = true;
                }
            }
        }
    }

    /**
     * Whether t can occur at i: false only where an ASCII character of the text and the trigger's differ in any case (a
     * cheap look before {@link String#regionMatches}, which a common pair of letters, "co", "se", would call often).
     */
    private static boolean asciiFoldedAt(String s, int i, String t) {
        if (i + t.length() > s.length()) {
            return false;
        }
        for (int j = 0; j < t.length(); j++) {
            char c = s.charAt(i + j), x = t.charAt(j);
            if (c >= 128 || x >= 128) {
                return true; // beyond ASCII a case may be another letter's (a Kelvin sign is a 'k'): regionMatches decides
            }
            if (fold(c) != fold(x)) {
                return false;
            }
        }
        return true;
    }

    private int[] other(char c) {
        for (int i = 0; i < otherFirst.length; i++) {
            if (otherFirst[i] == c) {
                return byOther[i];
            }
        }
        return null;
    }

    /** An ASCII letter in lower case; any other character as it is. */
    private static int fold(char c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
