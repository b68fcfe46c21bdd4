package io.techopt.ingest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Replays logs of a long fuzz run (bench/fuzz.sh) from its seed and the log numbers it printed, without the rest of
 * the run: checks each with analyze, and for every pretty-printed document part lists where the reader's elements
 * start and where the generator's did, where they differ. Usage: FuzzReplay [--share S] SEED LOG... where S is the
 * run's share of lines mutated (bench/fuzz.sh's fourth argument; default 0.5, as there).
 */
public final class FuzzReplay {
    private FuzzReplay() {
    }

    public static void main(String[] args) throws Exception {
        int first = 0;
        double share = 0.5;
        if (args.length > 1 && args[0].equals("--share")) {
            share = Double.parseDouble(args[1]);
            first = 2;
        }
        long seed = Long.parseLong(args[first]);
        var pool = LogFuzzer.pool();
        for (int a = first + 1; a < args.length; a++) {
            long log = Long.parseLong(args[a]);
            LogFuzzer.Generated g = IngestFuzzBench.generate(seed, log - 1, share);
            Path dir = Files.createTempDirectory("techopt-fuzz-replay");
            LogFuzzer.Findings r = LogFuzzer.check(g, dir.resolve("log"), List.of(List.of("analyze")), pool, 120);
            System.out.println("log " + log + " (" + g.format() + "/" + g.shape() + "): " + (r.clean() ? "clean" : r));
            if (!r.clean()) {
                for (LogFuzzer.Part p : g.parts()) {
                    if (p.elementLines() != null) {
                        diff(p);
                    }
                }
            }
            LogFuzzer.delete(dir);
        }
        System.exit(0);
    }

    static void diff(LogFuzzer.Part p) throws Exception {
        JsonElements e = new JsonElements(new ByteArrayInputStream(p.bytes()), 64 << 20);
        TreeSet<Long> got = new TreeSet<>();
        JsonElements.Element el;
        while ((el = e.next()) != null) {
            got.add(el.line());
        }
        TreeSet<Long> want = new TreeSet<>();
        for (long l : p.elementLines()) {
            want.add(l);
        }
        List<Long> extra = new ArrayList<>(got);
        extra.removeAll(want);
        List<Long> missing = new ArrayList<>(want);
        missing.removeAll(got);
        System.out.println("  " + p.name() + ": reader starts elements at unexpected lines " + extra + ", misses " + missing);
        String[] lines = new String(p.bytes(), StandardCharsets.ISO_8859_1).split("\n", -1);
        TreeSet<Long> show = new TreeSet<>(extra);
        show.addAll(missing);
        for (long l : show) {
            Long from = want.floor(l - 1);
            long a = Math.max(1, (from == null ? l : from) - 1);
            Long to = want.ceiling(l + 1);
            long b = Math.min(lines.length, (to == null ? l : to) + 1);
            System.out.println("  --- around line " + l + (extra.contains(l) ? " (reader starts one here)" : " (generator starts one here)"));
            for (long i = a; i <= b; i++) {
                String s = lines[(int) i - 1];
                System.out.println("  " + i + (want.contains(i) ? " G" : "  ") + (got.contains(i) ? "R " : "  ") + (s.length() > 160 ? s.substring(0, 160) + "…" : s));
            }
        }
    }
}
