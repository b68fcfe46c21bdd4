package io.techopt.route;

import io.techopt.core.LogRecord;
import io.techopt.ingest.IngestOptions;
import io.techopt.ingest.LogReader;
import io.techopt.ingest.LogSource;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import io.techopt.tokens.TokenCounter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * route-sim's replay on N requests (default 1M) under its 7 strategies: the sample log's requests repeated with
 * shifted timestamps into the columnar traffic table, then the replay timed alone (median of 3). Run by
 * bench/route-sim.sh.
 */
public final class RouteSimBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<LogRecord> sample = new ArrayList<>();
        new LogReader(IngestOptions.defaults(), new TokenCounter()).read(LogSource.expand(List.of("samples/requests.jsonl.gz")),
                new RecordSink() {
                    @Override
                    public void accept(LogRecord r) {
                        sample.add(r);
                    }
                });
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        Traffic t = new Traffic(pricer);
        long span = sample.get(sample.size() - 1).timestampMs - sample.get(0).timestampMs + 1;
        long t0 = System.nanoTime();
        for (int i = 0; t.size() < n; i++) {
            LogRecord read = sample.get(i % sample.size());
            LogRecord.Builder r = read.toBuilder();
            r.timestampMs = read.timestampMs + (i / sample.size()) * span;
            r.requestId = read.requestId == null ? null : read.requestId + "#" + (i / sample.size()); // each copy is a request of its own
            t.accept(t.prepare(r.build()));
        }
        System.out.printf("traffic table: %,d requests built in %.1f s%n", t.size(), (System.nanoTime() - t0) / 1e9);
        ModelPool pool = ModelPool.load(null, t, pricer);
        double[] secs = new double[3];
        RouteSimResult last = null;
        for (int k = 0; k < secs.length; k++) {
            long s = System.nanoTime();
            last = RouteSimulator.run(t, pool, pricer, RouteSimulator.Options.defaults());
            secs[k] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(secs);
        System.out.printf("replay: %,d requests x %d strategies in %.2f s (median of 3; target <= 10 s), %.1f M decisions/s%n",
                t.size(), last.strategies().size(), secs[1], t.size() * (double) last.strategies().size() / secs[1] / 1e6);
        for (RouteSimResult.Strategy st : last.strategies()) {
            System.out.printf("  %-34s %12.2f USD  quality %.4f%n", st.name(), st.costUsd(), st.quality());
        }
    }
}
