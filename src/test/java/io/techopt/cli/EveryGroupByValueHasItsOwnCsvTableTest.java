package io.techopt.cli;

import io.techopt.TestSupport;
import io.techopt.core.Dimension;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18 F2: `analyze --group-by model --format csv` was an internal error, exit 1 ("two tables named 'by_model'"):
 * the group table took the name of the report's own by_model table. Every --group-by value gives csv a table of its own,
 * listed by --table list and writable by that name.
 */
class EveryGroupByValueHasItsOwnCsvTableTest {
    @Test
    void everyDimensionWritesCsvAndListsItsTable() {
        String log = "samples/requests.jsonl.gz";
        for (Dimension d : Dimension.values()) {
            TestSupport.Run csv = TestSupport.cli("analyze", "-q", log, "--group-by", d.id(), "--format", "csv");
            assertEquals(0, csv.code(), d.id() + ": " + csv.err());
            TestSupport.Run list = TestSupport.cli("analyze", "-q", log, "--group-by", d.id(), "--table", "list");
            assertEquals(0, list.code(), d.id() + ": " + list.err());
            List<String> names = list.out().lines().toList();
            assertEquals(names.size(), names.stream().distinct().count(), d.id() + ": table names unique: " + names);
            String group = names.stream().filter(n -> n.endsWith("by_" + d.id()) && !n.startsWith("change_")
                    && (!d.id().equals("model") || !n.equals("by_model"))).findFirst().orElse(null);
            assertTrue(group != null, d.id() + ": its group table is listed: " + names);
            TestSupport.Run one = TestSupport.cli("analyze", "-q", log, "--group-by", d.id(), "--table", group);
            assertEquals(0, one.code(), d.id() + ": " + one.err());
            assertTrue(one.out().startsWith(d.id() + ","), d.id() + ": " + one.out().lines().findFirst().orElse(""));
        }
    }
}
