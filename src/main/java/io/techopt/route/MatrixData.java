package io.techopt.route;

import io.techopt.ingest.CsvFormat;
import io.techopt.ingest.NothingReadException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * RouteLLM-style evaluation matrices: a {@code prompt} column, one correctness (True/False) or score column per
 * model, and optional {@code <model>_response} columns. Several files (or a directory of them) are concatenated;
 * their model columns must agree.
 */
public record MatrixData(List<String> prompts, List<String> models, Map<String, double[]> quality,
                         Map<String, List<String>> responses) {

    /** A correctness (true/false) or a numeric score; anything else names its file, line and column. */
    private static double score(String v, Object f, long line, String column) {
        if (v.equalsIgnoreCase("true")) {
            return 1.0;
        }
        if (v.equalsIgnoreCase("false")) {
            return 0.0;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NothingReadException(f + ": line " + line + ", column '" + column + "': not true, false or a number");
    }

    public static MatrixData load(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                int before = files.size();
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".csv")).sorted().forEach(files::add);
                }
                if (files.size() == before) {
                    throw new IllegalArgumentException(p + ": no .csv evaluation matrix in this directory");
                }
            } else {
                files.add(p); // '-' is stdin, as for every FILE
            }
        }
        List<String> prompts = new ArrayList<>();
        List<String> models = null;
        Map<String, List<Double>> q = new LinkedHashMap<>();
        Map<String, List<String>> responses = new LinkedHashMap<>();
        for (Path f : files) {
            boolean stdin = f.toString().equals("-");
            Object name = stdin ? "<stdin>" : f;
            if (!stdin && Files.isRegularFile(f) && Files.size(f) == 0) { // a wrong argument, not bad content
                throw new IllegalArgumentException(f + " is empty: a matrix is a CSV with a 'prompt' column and one column per model");
            }
            try (Reader r = stdin ? new java.io.BufferedReader(new java.io.InputStreamReader(new java.io.FilterInputStream(System.in) {
                @Override
                public void close() { // stdin stays open for the process
                }
            }, StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT))) : Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                CsvFormat.Rows rows = new CsvFormat.Rows(r);
                List<String> header = rows.next();
                if (header == null && stdin) {
                    throw new IllegalArgumentException(name + " is empty: a matrix is a CSV with a 'prompt' column and one column per model");
                }
                if (header == null || !header.get(0).equals("prompt")) {
                    throw new NothingReadException(name + ": the first column must be 'prompt'");
                }
                List<String> ms = header.subList(1, header.size()).stream().filter(h -> !h.endsWith("_response")).toList();
                if (models == null) {
                    models = ms;
                    ms.forEach(m -> q.put(m, new ArrayList<>()));
                } else if (!models.equals(ms)) {
                    throw new NothingReadException(name + ": model columns " + ms + " differ from " + models);
                }
                for (List<String> row; (row = rows.next()) != null; ) {
                    if (row.size() < header.size()) {
                        continue;
                    }
                    prompts.add(row.get(0));
                    for (int c = 1; c < header.size(); c++) {
                        String h = header.get(c), v = row.get(c).trim();
                        if (h.endsWith("_response")) {
                            responses.computeIfAbsent(h.substring(0, h.length() - "_response".length()), k -> new ArrayList<>()).add(v);
                        } else {
                            q.get(h).add(score(v, name, rows.rowLine(), h));
                        }
                    }
                }
            } catch (CharacterCodingException e) {
                throw new NothingReadException(name + ": not UTF-8 text (a matrix is a CSV file)");
            }
        }
        if (models == null || prompts.isEmpty()) {
            throw new NothingReadException("no evaluation rows in " + paths);
        }
        Map<String, double[]> quality = new LinkedHashMap<>();
        q.forEach((m, l) -> quality.put(m, l.stream().mapToDouble(Double::doubleValue).toArray()));
        return new MatrixData(prompts, models, quality, responses);
    }

    /** The model's mean quality over the prompts (the plain sum, as stats.Percentiles.mean says why). */
    public double mean(String model) {
        double[] q = quality.get(model);
        return q.length == 0 ? 0 : org.apache.commons.math3.stat.StatUtils.sum(q) / prompts.size(); // StatUtils' empty sum is NaN
    }
}
