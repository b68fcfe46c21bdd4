package io.techopt.spark;

import io.techopt.analyze.AnalyzeLayout;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF12;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The functions AnalyzeSql's queries call, run on the executors: techopt's own pricing (its Pricer and CostCalculator,
 * never prices re-done in SQL), analyze's error label and its latency bin arithmetic.
 */
final class AnalyzeUdfs implements Serializable {
    private static final long serialVersionUID = 1L;

    static final StructType PRICE = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[]{
            DataTypes.createStructField("cost", DataTypes.DoubleType, true),
            DataTypes.createStructField("std_cost", DataTypes.DoubleType, true),
            DataTypes.createStructField("batch_cost", DataTypes.DoubleType, true),
            DataTypes.createStructField("priced", DataTypes.BooleanType, false),
            DataTypes.createStructField("pc_min", DataTypes.LongType, true)});

    private final Prices prices;
    private transient Pricer pricer;

    AnalyzeUdfs(Prices prices) {
        this.prices = prices;
    }

    /** The price book, loaded once per executor JVM's copy of this object. */
    private Pricer pricer() {
        if (pricer == null) {
            try {
                pricer = prices.pricer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pricer;
    }

    void register(SparkSession spark) {
        spark.udf().register("techopt_price", (UDF12<String, String, Long, Long, Long, Long, Long, Long, Long, Boolean, Boolean, Double, Row>)
                this::price, PRICE);
        spark.udf().register("techopt_prompt_cache_saving", (org.apache.spark.sql.api.java.UDF12<String, String, Long, Long, Long,
                Long, Long, Long, Long, Boolean, Long, Long, Double>) this::promptCacheSaving, DataTypes.DoubleType);
        spark.udf().register("techopt_error_label", (UDF1<String, String>) AnalyzeLayout::errorLabel, DataTypes.StringType);
        spark.udf().register("techopt_latency_bin", (UDF3<Double, Double, Double, Integer>) AnalyzeUdfs::latencyBin,
                DataTypes.IntegerType);
    }

    /**
     * A row's price, as analyze's pricing pass makes it: cost (the logged cost of a billing export, null without a price),
     * the same usage at standard and at batch rates, whether a catalog prices the model, and its prompt cache's minimum
     * cacheable tokens (null: no prompt cache).
     */
    Row price(String model, String provider, Long ms, Long in, Long cr, Long cw, Long cw1h, Long out, Long reas,
              Boolean batch, Boolean costAsLogged, Double logged) {
        PriceBook.Resolution r = pricer().resolve(model, provider);
        PriceEntry e = r == null ? null : r.entry();
        boolean billed = Boolean.TRUE.equals(costAsLogged);
        Usage u = new Usage(in, cr, cw, cw1h, out, reas);
        PriceVersion v = e == null ? null : pricer().version(e, ms);
        Double cost = billed ? (logged == null ? null : logged) : v == null ? null : CostCalculator.cost(v, u, Boolean.TRUE.equals(batch));
        if (cost != null && Double.isNaN(cost)) {
            cost = null;
        }
        return RowFactory.create(cost, v == null ? null : CostCalculator.cost(v, u, false),
                v == null ? null : CostCalculator.cost(v, u, true), e != null,
                e != null && e.supportsPromptCache() ? (Long) (long) e.promptCacheMinTokens() : null);
    }

    /**
     * What the prompt cache changes in one request's cost (analyze's PromptCacheLever): with a hit, the prefix read at
     * the cache-read rate and the rest of it written; else the prefix written (a negative saving: the write premium).
     */
    Double promptCacheSaving(String model, String provider, Long ms, Long in, Long cr, Long cw, Long cw1h, Long out,
                             Long reas, Boolean batch, Long hitTokens, Long writeTokens) {
        PriceEntry e = pricer().resolve(model, provider).entry();
        PriceVersion v = pricer().version(e, ms);
        boolean b = Boolean.TRUE.equals(batch);
        Usage u = new Usage(in, cr, cw, cw1h, out, reas);
        double base = CostCalculator.cost(v, u, b);
        if (hitTokens > 0) {
            long read = Math.min(hitTokens, in);
            long write = Math.min(Math.max(0, writeTokens - hitTokens), in - read);
            return base - CostCalculator.cost(v, new Usage(in - read - write, read, write, 0, out, reas), b);
        }
        long write = Math.min(writeTokens, in);
        return base - CostCalculator.cost(v, new Usage(in - write, 0, write, 0, out, reas), b);
    }

    /** analyze's latency histogram: the bin of {@code x} among 20 log-spaced bins from {@code lo}. */
    static Integer latencyBin(Double x, Double lo, Double step) {
        return x <= lo ? 0 : (int) Math.min(19, Math.floor(Math.log(x / lo) / step));
    }
}
