package io.techopt.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Labelled question pairs for calibration: a JSON array (or JSON lines) of {@code {text_a, text_b, label}}, or of
 * positive-only {@code {origin, similar}} pairs, for which each origin also gets one negative: the similar text of
 * another pair, drawn at random.
 */
public final class LabelledPairs {
    public record Pair(String a, String b, boolean duplicate) {
    }

    /** pairs: the sample; positiveOnly: negatives were drawn, not labelled. */
    public record Sample(List<Pair> pairs, boolean positiveOnly, long read) {
    }

    private LabelledPairs() {
    }

    /** Reads the file ('-': stdin) streaming; keeps a uniform sample of {@code limit} pairs (all when limit <= 0). */
    public static Sample load(Path path, int limit, long seed) throws IOException {
        boolean stdin = path.toString().equals("-");
        String file = stdin ? "<stdin>" : path.toString();
        ObjectMapper json = new ObjectMapper();
        List<Pair> reservoir = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        boolean positiveOnly = false;
        long seen = 0;
        try (InputStream in = stdin ? new java.io.FilterInputStream(System.in) {
            @Override
            public void close() { // stdin stays open for the process
            }
        } : Files.newInputStream(path); JsonParser p = json.getFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            boolean empty = t == null;
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            while (t == JsonToken.START_OBJECT) {
                JsonNode o = json.readTree(p);
                Pair pair;
                if (o.has("text_a")) {
                    pair = new Pair(o.path("text_a").asText(), o.path("text_b").asText(), o.path("label").asInt() == 1);
                } else if (o.has("origin")) {
                    positiveOnly = true;
                    pair = new Pair(o.path("origin").asText(), o.path("similar").asText(), true);
                } else {
                    throw new io.techopt.ingest.NothingReadException(file + ": pair " + (seen + 1) + " has neither text_a/text_b/label nor origin/similar");
                }
                seen++;
                if (limit <= 0 || reservoir.size() < limit) {
                    reservoir.add(pair);
                } else {
                    long j = r.nextLong(seen);
                    if (j < limit) {
                        reservoir.set((int) j, pair);
                    }
                }
                t = p.nextToken();
            }
            if (seen == 0) {
                String what = ": no pairs (a JSON array of {text_a, text_b, label} or {origin, similar})";
                if (empty && (stdin || Files.size(path) == 0)) { // an empty file is a wrong argument, not bad content
                    throw new IllegalArgumentException(file + " is empty" + what);
                }
                throw new io.techopt.ingest.NothingReadException(file + what);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new io.techopt.ingest.NothingReadException(file + ": not valid JSON at line " + e.getLocation().getLineNr());
        }
        if (positiveOnly) {
            int n = reservoir.size();
            for (int i = 0; i < n && n > 1; i++) {
                int j = r.nextInt(n - 1);
                if (j >= i) {
                    j++;
                }
                reservoir.add(new Pair(reservoir.get(i).a(), reservoir.get(j).b(), false));
            }
        }
        return new Sample(reservoir, positiveOnly, seen);
    }
}
