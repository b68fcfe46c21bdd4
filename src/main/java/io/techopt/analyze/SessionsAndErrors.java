package io.techopt.analyze;

import io.techopt.stats.Percentiles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Two per-request counts of the report: calls per session, and the most frequent error messages. */
final class SessionsAndErrors {
    private SessionsAndErrors() {
    }

    static AnalyzeResult.Sessions sessions(RequestStore s) {
        RequestTable t = s.t;
        int n = s.sessions.size();
        if (n == 0) {
            return new AnalyzeResult.Sessions(0, null, null, null, 0);
        }
        double[] calls = new double[n];
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && t.session(i) >= 0) {
                calls[t.session(i)] += t.count(i);
            }
        }
        double[] p = Percentiles.of(calls, n, 0.5, 0.95);
        long max = 0;
        for (double c : calls) {
            max = Math.max(max, (long) c);
        }
        return new AnalyzeResult.Sessions(n, Percentiles.mean(calls, n), p[0], p[1], max);
    }

    /** The ten most frequent error messages (by their first line, redacted), most frequent first. */
    static List<AnalyzeResult.ErrorMessage> topErrors(RequestStore s) {
        RequestTable t = s.t;
        long[] counts = new long[s.errorTexts.size()];
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && t.errorText(i) >= 0) {
                counts[t.errorText(i)] += t.count(i);
            }
        }
        List<AnalyzeResult.ErrorMessage> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.add(new AnalyzeResult.ErrorMessage(s.errorTexts.name(i), counts[i]));
            }
        }
        out.sort(Comparator.comparingLong(AnalyzeResult.ErrorMessage::count).reversed()
                .thenComparing(AnalyzeResult.ErrorMessage::message));
        return out.size() > 10 ? List.copyOf(out.subList(0, 10)) : out;
    }
}
