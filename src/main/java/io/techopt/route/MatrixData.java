package io.techopt.route;

import io.techopt.ingest.CsvFormat;

import java.io.IOException;
import java.io.Reader;
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

    public static MatrixData load(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".csv")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        List<String> prompts = new ArrayList<>();
        List<String> models = null;
        Map<String, List<Double>> q = new LinkedHashMap<>();
        Map<String, List<String>> responses = new LinkedHashMap<>();
        for (Path f : files) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                CsvFormat.Rows rows = new CsvFormat.Rows(r);
                List<String> header = rows.next();
                if (header == null || !header.get(0).equals("prompt")) {
                    throw new IOException(f + ": the first column must be 'prompt'");
                }
                List<String> ms = header.subList(1, header.size()).stream().filter(h -> !h.endsWith("_response")).toList();
                if (models == null) {
                    models = ms;
                    ms.forEach(m -> q.put(m, new ArrayList<>()));
                } else if (!models.equals(ms)) {
                    throw new IOException(f + ": model columns " + ms + " differ from " + models);
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
                            q.get(h).add(v.equalsIgnoreCase("true") ? 1.0 : v.equalsIgnoreCase("false") ? 0.0 : Double.parseDouble(v));
                        }
                    }
                }
            }
        }
        if (models == null || prompts.isEmpty()) {
            throw new IOException("no evaluation rows in " + paths);
        }
        Map<String, double[]> quality = new LinkedHashMap<>();
        q.forEach((m, l) -> quality.put(m, l.stream().mapToDouble(Double::doubleValue).toArray()));
        return new MatrixData(prompts, models, quality, responses);
    }

    public double mean(String model) {
        double s = 0;
        for (double v : quality.get(model)) {
            s += v;
        }
        return s / prompts.size();
    }
}
