import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * analyze's requests and cost on a raw log beside DuckDB's own query of the store ingested from it (StoreScaleQuery's
 * output: a time line, then one JSON line), for bench/raw-analyze.sh. Prints both figures and "equal" (requests
 * exactly, cost to 1e-9 relative) or "DIFFERENT"; exit 1 when different.
 * Usage: java -cp target/techopt.jar bench/RawAgainstDuckDb.java ANALYZE.json DUCKDB.txt
 */
public class RawAgainstDuckDb {
    public static void main(String[] args) throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode analyze = m.readTree(new File(args[0]));
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        JsonNode duck = m.readTree(lines.get(lines.size() - 1));
        long requests = analyze.get("requests").asLong(), duckRequests = duck.get("requests").asLong();
        double cost = analyze.get("cost_usd").asDouble(), duckCost = duck.get("cost_usd").asDouble();
        boolean equal = requests == duckRequests && Math.abs(cost - duckCost) <= 1e-9 * Math.max(1, Math.abs(duckCost));
        System.out.printf("techopt %,d requests, $%.6f; DuckDB %,d requests, $%.6f (query %s s): %s%n", requests, cost,
                duckRequests, duckCost, lines.get(0), equal ? "equal" : "DIFFERENT");
        System.exit(equal ? 0 : 1);
    }
}
