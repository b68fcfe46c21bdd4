package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r19 N5: a dimension given twice (`-g team -g team`, `-g team -g Team`, `-g team+model -g team+model`, as
 * scripts that append flags do) was an internal error with csv (exit 1, "two tables named 'by_team'") and two
 * identical groups in JSON. It is read once.
 */
class ARepeatedGroupByIsReadOnceTest {
    @TempDir
    Path tmp;

    @Test
    void aDimensionGivenTwiceIsOneTableInCsvAndOneGroupInJson() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        List<List<String>> repeats = List.of(List.of("-g", "team", "-g", "team"), List.of("-g", "team", "-g", "Team"),
                List.of("-g", "model", "-g", "model"), List.of("-g", "team+model", "-g", "team+model"),
                List.of("-g", "team,team"), List.of("-g", "team+team"));
        for (List<String> g : repeats) {
            String[] csv = args(log, g, "--format", "csv", "--table", "list");
            TestSupport.Run list = TestSupport.cli(csv);
            assertEquals(0, list.code(), g + ": " + list.err());
            assertEquals(list.out().lines().distinct().count(), list.out().lines().count(), g + ": " + list.out());
            TestSupport.Run table = TestSupport.cli(args(log, g, "--format", "csv"));
            assertEquals(0, table.code(), g + ": " + table.err());
            TestSupport.Run json = TestSupport.cli(args(log, g, "--format", "json"));
            assertEquals(0, json.code(), g + ": " + json.err());
            assertEquals(1, json.json().get("groups").size(), g + ": " + json.out());
        }
        // two different dimensions stay two groups
        TestSupport.Run two = TestSupport.cli(args(log, List.of("-g", "team", "-g", "user"), "--format", "json"));
        assertEquals(2, two.json().get("groups").size(), two.out());
    }

    private static String[] args(Path log, List<String> g, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("analyze", "-q", log.toString()));
        a.addAll(g);
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }
}
