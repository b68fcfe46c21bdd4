import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * DuckDB's own figures of a techopt store (run with the techopt jar on the class path, which holds the DuckDB JDBC
 * driver), for bench/store-scale.sh to print beside techopt's: every request once (its last copy, docs/store.md), then
 * requests and the cost stored at ingest in all (analyze), by UTC day (cost-forecast's daily series), and by variant
 * of one experiment (ab-report: requests, users, cost). Prints the query time in seconds, then one JSON line.
 * Usage: java -cp target/techopt.jar bench/StoreScaleQuery.java STORE_DIR EXPERIMENT
 */
public class StoreScaleQuery {
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        String glob = args[0].replace("'", "''") + "/day=*/*.parquet";
        String experiment = args[1].replace("'", "''");
        StringBuilder json = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE last AS SELECT day, request_count, cost_usd, experiment, variant, user_id FROM "
                    + "read_parquet('" + glob + "', hive_partitioning = true) "
                    + "QUALIFY request_key IS NULL OR row_number() OVER (PARTITION BY request_key ORDER BY seq DESC, ord DESC) = 1");
            try (ResultSet rs = st.executeQuery("SELECT sum(request_count), coalesce(sum(cost_usd), 0) FROM last")) {
                rs.next();
                json.append(String.format("{\"requests\": %d, \"cost_usd\": %.10f, \"daily\": {", rs.getLong(1), rs.getDouble(2)));
            }
            try (ResultSet rs = st.executeQuery("SELECT day::VARCHAR, coalesce(sum(cost_usd), 0) FROM last GROUP BY day ORDER BY day")) {
                String sep = "";
                while (rs.next()) {
                    json.append(String.format("%s\"%s\": %.10f", sep, rs.getString(1), rs.getDouble(2)));
                    sep = ", ";
                }
            }
            json.append("}, \"variants\": {");
            try (ResultSet rs = st.executeQuery("SELECT variant, sum(request_count), count(DISTINCT user_id), "
                    + "coalesce(sum(cost_usd), 0) FROM last WHERE experiment = '" + experiment + "' GROUP BY variant ORDER BY variant")) {
                String sep = "";
                while (rs.next()) {
                    json.append(String.format("%s\"%s\": {\"requests\": %d, \"users\": %d, \"cost_usd\": %.10f}", sep,
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
                    sep = ", ";
                }
            }
            json.append("}}");
        }
        System.out.printf("%.3f%n%s%n", (System.nanoTime() - started) / 1e9, json);
    }
}
