import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * DuckDB's own query of a techopt store's Parquet files (run with the techopt jar on the class path, which holds the
 * DuckDB JDBC driver): every request once (its last copy), requests, the cost stored at ingest and p95 latency per
 * model, as docs/store.md's query (a model without a price adds nothing to the cost). Prints the wall time in seconds, then the totals.
 * Usage: java -cp target/techopt.jar bench/StoreQuery.java STORE_DIR
 */
public class StoreQuery {
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        String glob = args[0].replace("'", "''") + "/day=*/*.parquet";
        String q = "SELECT model, sum(request_count) AS requests, coalesce(sum(cost_usd), 0) AS cost_usd, "
                + "quantile_cont(latency_ms, 0.95) AS p95 FROM (SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true) "
                + "QUALIFY request_key IS NULL OR row_number() OVER (PARTITION BY request_key ORDER BY seq DESC, ord DESC) = 1) "
                + "GROUP BY model ORDER BY cost_usd DESC NULLS LAST";
        long requests = 0;
        double cost = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(q)) {
            while (rs.next()) {
                requests += rs.getLong(2);
                cost += rs.getDouble(3);
            }
        }
        System.out.printf("%.3f%n{\"requests\": %d, \"cost_usd\": %.10f}%n", (System.nanoTime() - started) / 1e9, requests, cost);
    }
}
