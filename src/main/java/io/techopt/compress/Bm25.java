package io.techopt.compress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Okapi BM25 (k1 = 1.2, b = 0.75) of each unit against a query, over the units as the collection. */
final class Bm25 {
    private static final Pattern WORD = Pattern.compile("\\d+(?:[.,]\\d+)*|[\\p{L}\\p{M}]+");
    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is", "are",
            "was", "were", "be", "it", "that", "this", "with", "as", "at", "by", "from", "you", "i", "we", "they", "he", "she",
            "do", "does", "did", "so", "if", "then", "what", "how", "his", "her", "their", "our", "your", "has", "have", "had");

    private Bm25() {
    }

    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (!STOP.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    static double[] scores(List<String> units, List<String> query) {
        int n = units.size();
        List<Map<String, Integer>> tf = new ArrayList<>(n);
        Map<String, Integer> df = new HashMap<>();
        double avg = 0;
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            Map<String, Integer> f = new HashMap<>();
            List<String> w = words(units.get(i));
            w.forEach(x -> f.merge(x, 1, Integer::sum));
            f.keySet().forEach(x -> df.merge(x, 1, Integer::sum));
            tf.add(f);
            len[i] = w.size();
            avg += w.size();
        }
        avg = n == 0 ? 1 : Math.max(1, avg / n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (String q : query) {
                Integer f = tf.get(i).get(q);
                if (f == null) {
                    continue;
                }
                int d = df.get(q);
                double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
                s += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len[i] / avg));
            }
            out[i] = s;
        }
        return out;
    }
}
