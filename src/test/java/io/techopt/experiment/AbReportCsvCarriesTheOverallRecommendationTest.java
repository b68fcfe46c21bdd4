package io.techopt.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r19 N10 (issue #17 "ab-report's csv has no verdict"): the csv had each comparison's decision but the page's
 * headline (the recommendation, why, the sample ratio check) was in no table. A `summary` table carries it, one row,
 * with the JSON's figures; the comparisons stay the main table.
 */
class AbReportCsvCarriesTheOverallRecommendationTest {
    private static final String SAMPLE = "samples/requests.jsonl.gz";

    @Test
    void theSummaryTableIsTheJsonsRecommendationAndSampleRatioCheck() throws IOException {
        String[] args = {"ab-report", SAMPLE, "--experiment", "support-prompt-v2", "-q"};
        JsonNode json = TestSupport.cli(concat(args, "-f", "json")).json();
        TestSupport.Run list = TestSupport.cli(concat(args, "--table", "list"));
        assertTrue(list.out().lines().toList().contains("summary"), list.out());

        TestSupport.Run csv = TestSupport.cli(concat(args, "--table", "summary"));
        assertEquals(0, csv.code(), csv.err());
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csv.out())).getRecords();
        assertEquals(1, rows.size(), csv.out());
        CSVRecord r = rows.get(0);
        assertEquals("support-prompt-v2", r.get("experiment"));
        assertEquals(json.get("control").asText(), r.get("control"));
        assertEquals(json.get("recommendation").get("decision").asText(), r.get("recommendation"));
        assertEquals(json.get("recommendation").get("reason").asText(), r.get("why"));
        assertEquals(json.get("srm").get("p_value").asDouble(), Double.parseDouble(r.get("srm_p_value")), 1e-12);
        assertEquals(json.get("srm").get("flagged").asText(), r.get("srm_flagged"));
        assertEquals(json.get("alpha").asDouble(), Double.parseDouble(r.get("alpha")), 1e-12);

        // the default csv table is still the comparisons
        TestSupport.Run main = TestSupport.cli(concat(args, "-f", "csv"));
        assertTrue(main.out().startsWith("variant,metric,"), main.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
