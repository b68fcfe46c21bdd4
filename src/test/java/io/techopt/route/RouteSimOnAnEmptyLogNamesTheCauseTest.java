package io.techopt.route;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r12 #9: route-sim on an empty log told the user to "give ... prices with --prices" although they had: the
 * cause is that the log holds no request, and the message says that.
 */
class RouteSimOnAnEmptyLogNamesTheCauseTest {
    @TempDir
    Path tmp;

    @Test
    void anEmptyLogIsNoRequestToRouteNotMissingPrices() throws IOException {
        Path empty = TestSupport.write(tmp, "empty.jsonl", "");
        TestSupport.Run r = TestSupport.cli("route-sim", empty.toString(), "--prices",
                TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no request in the log"), r.err());
        assertFalse(r.err().contains("--prices"), r.err());
    }
}
