import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Row-for-row equality of two techopt stores (#15: the Spark job's store against techopt ingest's), read by DuckDB:
 * the same schema, then every row in ingest order (seq, ord) with every column equal (cost_usd to 1e-9 relative).
 * Prints the rows compared and exits 1 at the first difference.
 * Usage: java -cp target/techopt.jar bench/StoreRowsEqual.java STORE_A STORE_B
 */
public class StoreRowsEqual {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement a = c.createStatement();
             Statement b = c.createStatement()) {
            String[] schema = new String[2];
            for (int i = 0; i < 2; i++) {
                StringBuilder s = new StringBuilder();
                try (ResultSet rs = a.executeQuery("DESCRIBE SELECT * FROM " + files(args[i]))) {
                    while (rs.next()) {
                        s.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(", ");
                    }
                }
                schema[i] = s.toString();
            }
            if (!schema[0].equals(schema[1])) {
                System.out.println("schemas differ:\n" + schema[0] + "\n" + schema[1]);
                System.exit(1);
            }
            try (ResultSet x = a.executeQuery("SELECT * FROM " + files(args[0]) + " ORDER BY seq, ord");
                 ResultSet y = b.executeQuery("SELECT * FROM " + files(args[1]) + " ORDER BY seq, ord")) {
                int cols = x.getMetaData().getColumnCount();
                int cost = x.findColumn("cost_usd");
                long n = 0;
                while (true) {
                    boolean more = x.next();
                    if (more != y.next()) {
                        System.out.println("row counts differ after " + n + " rows");
                        System.exit(1);
                    }
                    if (!more) {
                        break;
                    }
                    for (int i = 1; i <= cols; i++) {
                        Object u = x.getObject(i), v = y.getObject(i);
                        boolean same = i == cost && u != null && v != null
                                ? Math.abs((Double) u - (Double) v) <= 1e-9 * Math.max(Math.abs((Double) u), Math.abs((Double) v))
                                : java.util.Objects.equals(u == null ? null : String.valueOf(u), v == null ? null : String.valueOf(v));
                        if (!same) {
                            System.out.println("row " + n + ", column " + x.getMetaData().getColumnName(i) + ": " + u + " vs " + v);
                            System.exit(1);
                        }
                    }
                    n++;
                }
                System.out.println(n + " rows equal, " + cols + " columns each (schema: " + schema[0].split(", ").length + " columns)");
            }
        }
    }

    private static String files(String store) {
        return "read_parquet('" + store.replace("'", "''") + "/day=*/*.parquet', hive_partitioning = true)";
    }
}
