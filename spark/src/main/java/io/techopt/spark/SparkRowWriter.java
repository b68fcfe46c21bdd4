package io.techopt.spark;

import io.techopt.store.StoreRowWriter;
import io.techopt.store.StoreSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store's rows as Spark rows: {@link io.techopt.store.StagingSink} (the CLI's pricing, keys and redaction) writes a
 * record's values here column by column, in {@link StoreSchema#COLUMNS}' order, as it writes them to DuckDB's Appender.
 */
final class SparkRowWriter implements StoreRowWriter {
    /** The store's columns as Spark types: TIMESTAMP without a time zone (the Parquet files say "not adjusted to UTC", as DuckDB's). */
    static final StructType SCHEMA = schema();

    private final Consumer<Row> out;
    private Object[] values;
    private int at;

    SparkRowWriter(Consumer<Row> out) {
        this.out = out;
    }

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (StoreSchema.Column c : StoreSchema.COLUMNS) {
            fields.add(DataTypes.createStructField(c.name(), type(c.type()), true));
        }
        return DataTypes.createStructType(fields);
    }

    static DataType type(String duckDbType) {
        return switch (duckDbType) {
            case "INTEGER" -> DataTypes.IntegerType;
            case "BIGINT" -> DataTypes.LongType;
            case "TIMESTAMP" -> DataTypes.TimestampNTZType;
            case "DATE" -> DataTypes.DateType;
            case "BOOLEAN" -> DataTypes.BooleanType;
            case "DOUBLE" -> DataTypes.DoubleType;
            case "VARCHAR" -> DataTypes.StringType;
            default -> throw new IllegalStateException("no Spark type for the store's column type " + duckDbType);
        };
    }

    @Override
    public void beginRow() {
        values = new Object[SCHEMA.size()];
        at = 0;
    }

    @Override
    public void endRow() {
        if (at != values.length) {
            throw new IllegalStateException("a store row of " + at + " values, the schema has " + values.length);
        }
        out.accept(RowFactory.create(values));
        values = null;
    }

    private void put(Object v) {
        values[at++] = v;
    }

    @Override
    public void appendNull() {
        put(null);
    }

    @Override
    public void append(int v) {
        put(v);
    }

    @Override
    public void append(long v) {
        // an INTEGER column takes an int: the schema decides, as DuckDB's Appender casts
        put(SCHEMA.fields()[at].dataType() == DataTypes.IntegerType ? (Object) Math.toIntExact(v) : (Object) v);
    }

    @Override
    public void append(boolean v) {
        put(v);
    }

    @Override
    public void append(double v) {
        put(v);
    }

    @Override
    public void append(String v) {
        put(v);
    }

    @Override
    public void append(LocalDate v) {
        put(java.sql.Date.valueOf(v)); // Spark's external type of a DATE (a local date, read back as the same day)
    }

    @Override
    public void appendEpochMicros(long micros) {
        put(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
                ZoneOffset.UTC));
    }

    @Override
    public void appendEpochDays(int days) {
        append(LocalDate.ofEpochDay(days));
    }
}
