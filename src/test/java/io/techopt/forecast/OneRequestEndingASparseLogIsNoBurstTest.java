package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r24f M2: one large request on a sparse log's last day was read as a burst, and the 80% band reached that
 * request on every day left: a $1 request on about one day in ten, then ONE $6.00 request on 11-14 (mtd $7, 16 days
 * left) gave $14.28, 80% $6.00 to $102.00, while by hand such a request on the log's share of days (~10%, at most 3-4
 * of 16 days at 80%) gives at most ~$24-30; LiteLLM's fixtures (one request of a new model on the last day) went from
 * 80% to $0.00216 to $0.00942. One request is one event, counted at the log's share of days with spend.
 */
class OneRequestEndingASparseLogIsNoBurstTest {
    @TempDir
    static Path dir;

    static String request(String timestamp, int input, int output) {
        return "{\"timestamp\":\"" + timestamp + "\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":" + input
                + ",\"output_tokens\":" + output + "}}\n";
    }

    /** The band holds the one-off and the request on the log's share, and stops short of it on every day left. */
    static void assertOneEvent(JsonNode j, double mtd, double level, double oneOff) {
        double point = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        // by hand: a day like the last on at most 4 of the 16 days left (a share of ~10%, its 80% upper count)
        double mostSupported = mtd + 4 * level, everyDay = mtd + 16 * level;
        assertTrue(in.get("hi80").asDouble() <= 1.5 * mostSupported, "hi80 within 1.5x the highest reading (" + mostSupported
                + "), not every day at the request (" + everyDay + "): " + in);
        assertTrue(in.get("lo80").asDouble() <= oneOff * 1.05, "the band reaches spend back at the sparse rate: " + in);
        assertTrue(point >= in.get("lo80").asDouble() && point <= in.get("hi80").asDouble() && point > mtd, point + " in " + in);
        String w = j.get("warnings").toString();
        assertTrue(!w.contains("if every day to"), "no note reads one request as every day's spend: " + w);
    }

    @Test
    void oneSixDollarRequestOnTheLastDayIsCountedAtTheLogsShareNotEveryDay() throws IOException {
        String log = sparseThenBurst(0) + request("2026-11-14T10:15:00Z", 200000, 550000);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "onereq6.jsonl", log).toString()).json();
        // mtd: the $1 request of 11-09 and the $6 one; one-off: 7 + 16 days x $0.10 (a $1 request on ~10% of days)
        assertOneEvent(j, 7.00, 6.00, 8.60);
    }

    @Test
    void aLiteLlmLikeLastDayOfOneDearerRequestIsNoBurst() throws IOException {
        // days with spend hold three $0.01 requests each; the last day one $0.20 request of a dearer call
        StringBuilder sb = new StringBuilder();
        for (String t : ("2026-07-07 2026-07-16 2026-07-25 2026-08-12 2026-08-23 2026-09-24 2026-10-02 2026-10-11 "
                + "2026-10-21 2026-11-09").split(" ")) {
            for (int k = 0; k < 3; k++) {
                sb.append(request(t + "T1" + k + ":15:00Z", 2000, 500));
            }
        }
        sb.append(request("2026-11-14T10:15:00Z", 40000, 10000));
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "litellm_like.jsonl", sb.toString()).toString()).json();
        // mtd: 11-09's $0.03 and the $0.20 request; one-off: 0.23 + 16 days x $0.03 on ~10% of days
        assertOneEvent(j, 0.23, 0.20, 0.28);
    }
    /**
     * Review r24g M1: one $6 request on each of the last three days is a daily job that may go on, not a few dearer
     * requests: the count-of-days cap held its band to $48 while the job running on gives 18 + 16 x 6 = $114, and a $80
     * budget did not alert.
     */
    @Test
    void aDearerRequestOnEachOfTheLastThreeDaysIsAJobThatMayGoOn() throws IOException {
        String log = sparseThenBurst(0) + request("2026-11-12T10:15:00Z", 200000, 550000)
                + request("2026-11-13T10:15:00Z", 200000, 550000) + request("2026-11-14T10:15:00Z", 200000, 550000);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "job3.jsonl", log).toString()).json();
        double jobGoesOn = 19.00 + 16 * 6.00; // the $1 request of 11-09 and three $6 ones, then $6 every day left
        assertTrue(j.get("forecast_total_interval").get("hi80").asDouble() >= jobGoesOn - 0.01,
                "the band reaches the job going on (" + jobGoesOn + "): " + j.get("forecast_total_interval"));
    }
}
