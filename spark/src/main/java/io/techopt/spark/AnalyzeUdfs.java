package io.techopt.spark;

import io.techopt.analyze.AnalyzeLayout;
import io.techopt.analyze.sql.RowPricing;
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
    private transient RowPricing rows;

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

    private RowPricing rows() {
        if (rows == null) {
            rows = new RowPricing(pricer());
        }
        return rows;
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

    /** A row's price as a Spark struct (RowPricing#price). */
    Row price(String model, String provider, Long ms, Long in, Long cr, Long cw, Long cw1h, Long out, Long reas,
              Boolean batch, Boolean costAsLogged, Double logged) {
        RowPricing.Price p = rows().price(model, provider, ms, in, cr, cw, cw1h, out, reas, Boolean.TRUE.equals(batch),
                Boolean.TRUE.equals(costAsLogged), logged);
        return RowFactory.create(p.cost(), p.stdCost(), p.batchCost(), p.priced(), p.promptCacheMin());
    }

    Double promptCacheSaving(String model, String provider, Long ms, Long in, Long cr, Long cw, Long cw1h, Long out,
                             Long reas, Boolean batch, Long hitTokens, Long writeTokens) {
        return rows().promptCacheSaving(model, provider, ms, in, cr, cw, cw1h, out, reas, Boolean.TRUE.equals(batch),
                hitTokens, writeTokens);
    }

    static Integer latencyBin(Double x, Double lo, Double step) {
        return RowPricing.latencyBin(x, lo, step);
    }
}
