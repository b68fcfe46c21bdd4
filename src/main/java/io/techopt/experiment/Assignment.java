package io.techopt.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic variant assignment: SHA-256 of "experiment:user" mapped to [0, 1) and placed on the cumulative
 * weights in their given order. Every process, language and run gives the same answer (unlike Python's hash()).
 */
public final class Assignment {
    private Assignment() {
    }

    public static String assign(String experiment, String user, Map<String, Double> weights) {
        double u = unit(experiment + ":" + user);
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double acc = 0;
        String last = null;
        for (var e : weights.entrySet()) {
            acc += e.getValue() / total;
            last = e.getKey();
            if (u < acc) {
                return last;
            }
        }
        return last;
    }

    /** The first 53 bits of SHA-256 as a number in [0, 1). */
    static double unit(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return (v >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses "control=0.5,treatment=0.5" keeping the order. */
    public static Map<String, Double> parseWeights(String s) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("--weights is name=weight,… (e.g. control=0.5,treatment=0.5), not '" + s + "'");
            }
            try {
                double v = Double.parseDouble(kv[1].trim());
                if (!(v > 0)) {
                    throw new NumberFormatException();
                }
                w.put(kv[0].trim(), v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of '" + kv[0].trim() + "' must be a positive number");
            }
        }
        return w;
    }
}
