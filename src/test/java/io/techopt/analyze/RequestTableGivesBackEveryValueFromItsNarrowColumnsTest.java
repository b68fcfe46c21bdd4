package io.techopt.analyze;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The request table keeps a block's columns as narrow as its values allow and widens a column the moment a value
 * needs it (an id past 255 or 65,535, a time more than 24 days from the block's first, a logged cost or a rarer token
 * kind in a block that had none): every value stored must come back exactly, before and after the widening.
 */
class RequestTableGivesBackEveryValueFromItsNarrowColumnsTest {
    private static final int ROWS = 70_000; // four blocks and a part

    @Test
    void everyColumnOfEveryRowComesBackAsStoredWhateverWideningHappenedInItsBlock() {
        Random rnd = new Random(7);
        RequestTable t = new RequestTable();
        int[][] ids = new int[ROWS][6];
        long[] ts = new long[ROWS], prompt = new long[ROWS];
        double[] latency = new double[ROWS], logged = new double[ROWS];
        byte[] flags = new byte[ROWS];
        long[][] tokens = new long[ROWS][6];
        long time = 1_790_000_000_000L;
        for (int r = 0; r < ROWS; r++) {
            int block = r >>> 14;
            for (int d = 0; d < 6; d++) {
                // block 0 stays narrow; later blocks meet larger ids part-way through
                int bound = block == 0 ? 255 : r % 16_384 < 5_000 ? 200 : d == 3 ? 70_000 : d == 4 ? 300 : 2_000_000;
                ids[r][d] = rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(bound);
            }
            time += rnd.nextInt(5_000);
            if (block == 2 && r % 16_384 == 9_000) {
                time += 40L * 86_400_000; // beyond an int of milliseconds from the block's first time
            }
            ts[r] = block == 3 && r % 2 == 0 ? -time : time; // times before 1970 as well
            prompt[r] = rnd.nextLong();
            latency[r] = rnd.nextInt(8) == 0 ? Double.NaN : rnd.nextDouble() * 60_000;
            logged[r] = block == 1 && r % 16_384 > 3_000 && rnd.nextBoolean() ? rnd.nextDouble() : Double.NaN;
            flags[r] = (byte) rnd.nextInt(32);
            for (int k = 0; k < 6; k++) {
                boolean rare = k == RequestTable.CACHE_WRITE_1H || k == RequestTable.REASONING;
                tokens[r][k] = rare && (block == 0 || r % 16_384 < 7_000) ? 0 : rnd.nextInt(1 << 20);
            }
            if (r == 12_345) {
                tokens[r][RequestTable.OUTPUT] = 5_000_000_000L; // beyond an int: kept aside
            }
            int row = t.add(ids[r][0], ids[r][1], ids[r][2], ids[r][3], ids[r][4], ids[r][5], ts[r], prompt[r],
                    latency[r], logged[r], flags[r]);
            assertEquals(r, row);
            t.setTokens(row, tokens[r]);
        }
        for (int r = 0; r < ROWS; r++) {
            int[] got = {t.model(r), t.provider(r), t.user(r), t.team(r), t.task(r), t.session(r)};
            for (int d = 0; d < 6; d++) {
                assertEquals(ids[r][d], got[d], "row " + r + " dimension " + d);
            }
            assertEquals(ts[r], t.ts(r), "row " + r + " time");
            assertEquals(prompt[r], t.prompt(r), "row " + r + " prompt");
            assertEquals(latency[r], t.latency(r), "row " + r + " latency");
            assertEquals(logged[r], t.logged(r), "row " + r + " logged cost");
            for (int k = 0; k < 6; k++) {
                assertEquals(tokens[r][k], t.tokens(r, k), "row " + r + " token kind " + k);
            }
            for (byte f : new byte[]{RequestTable.ERROR, RequestTable.BATCH, RequestTable.DEAD, RequestTable.COST_AS_LOGGED}) {
                assertEquals((flags[r] & f) != 0, t.is(r, f), "row " + r + " flag " + f);
            }
        }
    }
}
