package io.techopt.analyze;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review r18 F9d: "realized saving $0.0086 on 1 requests", "(1 requests excluded from cost_usd)". */
class OneRequestIsSingularTest {
    @Test
    void oneBatchRequestAndOneUnpricedRequestAreSaidInTheSingular() {
        // small.jsonl: one Batch API request, one request of an unpriced model
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "markdown", "src/test/resources/golden/small.jsonl");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains(" on 1 request ("), run.out());
        assertTrue(run.out().contains("(1 request excluded from cost_usd)"), run.out());
        assertFalse(run.out().contains("1 requests"), run.out());
    }
}
