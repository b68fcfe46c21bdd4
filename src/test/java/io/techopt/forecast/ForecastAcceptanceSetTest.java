package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12's acceptance set: the logs of the adversarial reviews r16b (session 12) and r18f (session 13) of
 * cost-forecast's end of log, with the readings a finance user would compute by hand from the generator's own days.
 * The logs are their generators (gen.py, gen18.py) ported: gpt-4o at $2.50/M in and $10/M out, 24 requests a day of
 * $0.70 in all, 2026-09-01 to Saturday 11-14 unless a row says otherwise, noise from Python's own random stream with
 * the reviewers' seeds, so a row is the reviewers' log to the token. Hand readings (16 days left in November):
 * old = month-to-date + days left x the typical day before the move (the median of the 28 days before it),
 * new = month-to-date + days left x the mean of the last k days (both per day of a weekly pattern when the log has one).
 A reading is met within $0.05 on an exact log, and on a noisy one within its own sd (a day's noise times the spend
 * left at that level: the hand reading scales days of that noise).
 * What each forecast must give, by what the evidence supports:
 * <ul>
 * <li>a move of the last 1-6 days: the 80% band holds both readings, the point between them (no trend past the move);
 * <li>a step of 7+ days, or a model replaced by another: the band holds the new reading, the point at it;
 * <li>an incident spend came back from, or no move: the band holds the old reading, the point at it;
 * <li>every band: lo80 at least month-to-date and the lowest reading / 1.5, hi80 at most 1.5x the highest reading
 * (r18f B's "no more spend" and "another shift" past the size seen), not of zero width unless the
 * log is exact and 20+ days long; a null interval only with a warning saying why;
 * <li>with a budget: a forecast alert iff hi80 exceeds it, and exit 4 iff an alert;
 * <li>with --by: the total's point is the sum of its scopes' (one reading), and its 95% band holds any one scope at its
 * own 80% bound with the others at their points.
 * </ul>
 * Rows that fail on the current forecast are listed once, in {@link #KNOWN_OPEN}; {@link #knownOpenCasesStillFail}
 * fails when one of them starts passing, so the list is kept honest: take its name out when the fix lands.
 * {@code -Dtechopt.acceptance.table=true} prints one line a row: name, shape, hand old / new, point and 80% band.
 */
class ForecastAcceptanceSetTest {
    @TempDir
    static Path dir;

    private static final String R18F_D = "r18f D: a last day moved 20% in 5% noise, 2 sds under its same-weekday typical (the Saturday before it low by noise): the band excludes the new reading";
    private static final String R18F_G = "r18f G: a weekly log ending on a Monday: the band stops short of the new reading";

    /** Rows failing today, each with the review finding it comes from. Remove a name when its case passes. */
    static final Map<String, String> KNOWN_OPEN = Map.ofEntries(
            Map.entry("D_n5_k1_x0.8", R18F_D),
            Map.entry("G_mon_k2_x3", R18F_G));

    /**
     * name | finding | shape. Shapes: {@code flat}; {@code last k= m=} (the last k days at m times the level);
     * {@code incident n= m= back=} (n days at m, then back days at the old level); {@code replaced k=} (every request
     * moved from gpt-4o to gpt-4o-mini on the last k days, 24 of 10k in / 1k out a day, --by model); {@code teams k= m=}
     * (team A 20 and team B 10 requests of 10k/1k a day, B at m on the last k days, --by team); {@code teamnew k=}
     * (team B begins k days before the end); {@code newmodel} (10 gpt-4o-mini requests added on the last day, --by
     * model). Options: noise= (sd of a day, relative), seed= (7 unless said), days= (history length ending at the
     * end), end=MM-DD, weekly (weekends at 0.3), hours= (hours logged on the last day), budget= (total), budgetB=
     * (team:B).
     */
    static final String[] CASES = {
        // r18f A: an incident of 5 days that spend came back from
        "A_x2_n5_b3       | r18f A | incident n=5 m=2 back=3",
        "A_x1.5_n5_b3     | r18f A | incident n=5 m=1.5 back=3",
        "A_x0.5_n5_b2     | r18f A | incident n=5 m=0.5 back=2",
        "A_x0.3_n5_b2     | r18f A | incident n=5 m=0.3 back=2",
        "A_x0.9_n5_b2     | r18f A | incident n=5 m=0.9 back=2",
        "A_x2_n5_b2       | r18f A held | incident n=5 m=2 back=2",
        "A_x0.5_n5_b2_n2  | r18f A | incident n=5 m=0.5 back=2 noise=0.02 seed=3",
        "A_x0.5_n5_b2_n5  | r18f A | incident n=5 m=0.5 back=2 noise=0.05 seed=3",
        "A_x2_n3_b2       | r18f A held | incident n=3 m=2 back=2",
        "A_x0.5_n4_b3     | r18f A held | incident n=4 m=0.5 back=3",
        "A_x2_n6_b1       | r18f A held | incident n=6 m=2 back=1",
        "A_x0.5_n5_b3     | r18f A held | incident n=5 m=0.5 back=3",
        // r18f B: a step 7+ days old
        "B_k6_x4          | r18f B held | last k=6 m=4",
        "B_k7_x4_b100     | r18f B | last k=7 m=4 budget=100",
        "B_k7_x2          | r18f B | last k=7 m=2",
        "B_k7_x3          | r18f B | last k=7 m=3",
        "B_k8_x4          | r18f B | last k=8 m=4",
        "B_k9_x4          | r18f B | last k=9 m=4",
        "B_k14_x2         | r18f B | last k=14 m=2",
        "B_k14_x4_b100    | r18f B | last k=14 m=4 budget=100",
        // r18f C: a small step on the last 4-6 days in noise
        "C_n5_k4_x1.2_b30 | r18f C | last k=4 m=1.2 noise=0.05 seed=3 budget=30",
        "C_n5_k4_x1.5_b30 | r18f C | last k=4 m=1.5 noise=0.05 seed=3 budget=30",
        "C_n5_k5_x1.2_b30 | r18f C | last k=5 m=1.2 noise=0.05 seed=3 budget=30",
        "C_n5_k5_x1.5_b30 | r18f C | last k=5 m=1.5 noise=0.05 seed=3 budget=30",
        "C_n2_k6_x1.1     | r18f C | last k=6 m=1.1 noise=0.02 seed=3",
        "C_n2_k6_x1.2     | r18f C | last k=6 m=1.2 noise=0.02 seed=3",
        "C_n2_k5_x1.1     | r18f C | last k=5 m=1.1 noise=0.02 seed=3",
        "C_n5_k4_x1.1     | r18f C | last k=4 m=1.1 noise=0.05 seed=3",
        "C_n5_k5_x1.1     | r18f C | last k=5 m=1.1 noise=0.05 seed=3",
        "C_n5_k6_x1.1     | r18f C | last k=6 m=1.1 noise=0.05 seed=3",
        "C_s1_k4_x1.2     | r18f C | last k=4 m=1.2 noise=0.05 seed=1",
        "C_s2_k4_x1.2     | r18f C | last k=4 m=1.2 noise=0.05 seed=2",
        "C_s4_k4_x1.2     | r18f C | last k=4 m=1.2 noise=0.05 seed=4",
        "C_s5_k4_x1.2     | r18f C | last k=4 m=1.2 noise=0.05 seed=5",
        "C_s1_k4_x1.5     | r18f C held | last k=4 m=1.5 noise=0.05 seed=1",
        // r18f D: a last day moved 10-50% in 5-10% noise
        "D_n10_k1_x1.5    | r18f D | last k=1 m=1.5 noise=0.10 seed=3",
        "D_n10_k1_x0.5    | r18f D | last k=1 m=0.5 noise=0.10 seed=3",
        "D_n10_k2_x0.5    | r18f D | last k=2 m=0.5 noise=0.10 seed=3",
        "D_n5_k1_x1.2     | r18f D | last k=1 m=1.2 noise=0.05 seed=3",
        "D_n5_k1_x0.8     | r18f D | last k=1 m=0.8 noise=0.05 seed=3",
        "D_n2_k1_x1.1_s2  | r18f D | last k=1 m=1.1 noise=0.02 seed=2",
        "D_n2_k1_x1.1_s3  | r18f D | last k=1 m=1.1 noise=0.02 seed=3",
        "D_n2_k1_x1.1_s5  | r18f D | last k=1 m=1.1 noise=0.02 seed=5",
        "D_n2_k1_x1.1_s1  | r18f D held | last k=1 m=1.1 noise=0.02 seed=1",
        "D_n2_k1_x1.1_s4  | r18f D held | last k=1 m=1.1 noise=0.02 seed=4",
        "D_n2_k1_x1.15_s3 | r18f D held | last k=1 m=1.15 noise=0.02 seed=3",
        "D_n10_k1_x2      | r18f D held | last k=1 m=2 noise=0.10 seed=3",
        "D_n10_k2_x0.5_s7 | r16b DN2_half_n10, r18f D held | last k=2 m=0.5 noise=0.10",
        // r18f E: a team new 5 days before the end
        "E_T9_b30         | r18f E | teamnew k=5 budget=30",
        // r18f F, r16b #11: 7-8 days of exact weekly history
        "F_SH7            | r16b #11, r18f F | flat weekly days=7",
        "F_SH8            | r16b #11 | flat weekly days=8",
        // r18f G: a weekly log ending on a Monday
        "G_mon_k1_x3      | r18f G | last k=1 m=3 weekly noise=0.02 seed=5 end=11-16",
        "G_mon_k2_x3      | r18f G | last k=2 m=3 weekly noise=0.02 seed=5 end=11-16",
        "G_mon_k3_x1.5    | r18f G | last k=3 m=1.5 weekly noise=0.02 seed=5 end=11-16",
        "G_sat_k2_x3      | r18f G held | last k=2 m=3 weekly noise=0.02 seed=5",
        "G_sat_k1_x0.5    | r18f G held | last k=1 m=0.5 weekly noise=0.02 seed=5",
        // r18f H: a flat log of 13-20 days doubling on its last days
        "H_d13_k2_x2      | r18f H | last k=2 m=2 days=13",
        "H_d14_k2_x2      | r18f H | last k=2 m=2 days=14",
        "H_d15_k2_x2      | r18f H | last k=2 m=2 days=15",
        "H_d16_k2_x2      | r18f H | last k=2 m=2 days=16",
        "H_d16_k2_x2_b50  | r18f H | last k=2 m=2 days=16 budget=50",
        "H_d17_k2_x2      | r18f H | last k=2 m=2 days=17",
        "H_d18_k2_x2      | r18f H | last k=2 m=2 days=18",
        "H_d20_k2_x2      | r18f H held | last k=2 m=2 days=20",
        "H_d15_k3_x1.5    | r18f H | last k=3 m=1.5 days=15",
        "H_d8_k1_x1.2     | r18f H | last k=1 m=1.2 days=8",
        "H_d10_k1_x1.2    | r18f H | last k=1 m=1.2 days=10",
        "H_d15_k1_x1.2    | r18f H | last k=1 m=1.2 days=15",
        "H_d8_k1_x0.5     | r18f H | last k=1 m=0.5 days=8",
        "H_d10_k1_x0.5    | r18f H | last k=1 m=0.5 days=10",
        "H_d15_k1_x0.5    | r18f H | last k=1 m=0.5 days=15",
        // r16b #1: budgets read the widened upper bound
        "r16b1_U1_b30     | r16b #1 | last k=2 m=2 budget=30",
        "r16b1_X2         | r16b #1 | teams k=2 m=3 budget=40 budgetB=10",
        "r16b1_I2_b30     | r16b #1 | last k=2 m=3 weekly noise=0.02 budget=30",
        "r16b1_T10_b25    | r16b #1 | teamnew k=1 budget=25 budgetB=8",
        "r16b1_x2.0_b30   | r16b #1 | last k=1 m=2 budget=30",
        // r16b #2: a last day moved 5-26% on an exact log
        "r16b2_x1.05      | r16b #2 | last k=1 m=1.05",
        "r16b2_x1.1       | r16b #2 | last k=1 m=1.1",
        "r16b2_x1.2       | r16b #2 | last k=1 m=1.2",
        "r16b2_x1.24_b30  | r16b #2 | last k=1 m=1.24 budget=30",
        "r16b2_x1.25      | r16b #2 | last k=1 m=1.25",
        "r16b2_x1.26      | r16b #2 | last k=1 m=1.26",
        "r16b2_x0.9       | r16b #2 | last k=1 m=0.9",
        "r16b2_x0.8       | r16b #2 | last k=1 m=0.8",
        "r16b2_x0.76      | r16b #2 | last k=1 m=0.76",
        "r16b2_x0.75      | r16b #2 | last k=1 m=0.75",
        "r16b2_k2_x1.2    | r16b #2 | last k=2 m=1.2",
        "r16b2_X4         | r16b #2 | teams k=3 m=0.3333333333333333",
        // r16b #3: a noisy step of 4-8 days
        "r16b3_UP4_n5     | r16b #3 | last k=4 m=2 noise=0.05",
        "r16b3_UP4_n5_b50 | r16b #3 | last k=4 m=2 noise=0.05 budget=50",
        "r16b3_UP5_n5     | r16b #3 | last k=5 m=2 noise=0.05",
        "r16b3_UP6_n5     | r16b #3 | last k=6 m=2 noise=0.05",
        "r16b3_UP7_n5     | r16b #3 held | last k=7 m=2 noise=0.05",
        "r16b3_UP8_n5     | r16b #3 held | last k=8 m=2 noise=0.05",
        "r16b3_E5         | r16b #3 (r14 E5) | last k=4 m=3 noise=0.02",
        // r16b #4: a weekly log in 10% noise doubling on Fri-Sat
        "r16b4_wk_s1      | r16b #4 | last k=2 m=2 weekly noise=0.10 seed=1",
        "r16b4_wk_s2      | r16b #4 | last k=2 m=2 weekly noise=0.10 seed=2",
        "r16b4_wk_s3      | r16b #4 | last k=2 m=2 weekly noise=0.10 seed=3",
        "r16b4_wk_s4      | r16b #4 | last k=2 m=2 weekly noise=0.10 seed=4",
        "r16b4_wk_s5      | r16b #4 | last k=2 m=2 weekly noise=0.10 seed=5",
        "r16b4_wk_s11     | r16b #4 | last k=2 m=2 weekly noise=0.10 seed=11",
        "r16b4_flat_s1    | r16b #4 held | last k=2 m=2 noise=0.10 seed=1",
        "r16b4_flat_s2    | r16b #4 held | last k=2 m=2 noise=0.10 seed=2",
        // r16b #5: a last day over 2x
        "r16b5_x2.0       | r16b #5 | last k=1 m=2",
        "r16b5_x2.1       | r16b #5 | last k=1 m=2.1",
        "r16b5_x2.5       | r16b #5 | last k=1 m=2.5",
        "r16b5_x3.0       | r16b #5 | last k=1 m=3",
        "r16b5_UP2_n10    | r16b #5 | last k=2 m=2 noise=0.10",
        // r16b #6: two days off, then the last day back
        "r16b6_up2_back   | r16b #6 | incident n=2 m=2 back=1",
        "r16b6_dn2_back   | r16b #6 | incident n=2 m=0.5 back=1",
        // r16b #7: a model replaced on its last days
        "r16b7_MIG1       | r16b #7 | replaced k=1",
        "r16b7_MIG2_b15   | r16b #7 | replaced k=2 budget=15",
        "r16b7_MIG3       | r16b #7 | replaced k=3",
        // r16b #8: the total and its scopes read the same event two ways
        "r16b8_T10        | r16b #8 | teamnew k=1",
        "r16b8_T11        | r16b #8 | teamnew k=2",
        "r16b8_T12        | r16b #8 | newmodel",
        // r16b #9: a log ending mid-day
        "r16b9_MID_up     | r16b #9 | last k=2 m=2 hours=12",
        "r16b9_MID_dn     | r16b #9 held | last k=2 m=0.5 hours=12",
        // r16b #10: 8-20 days of weekly history doubling on Fri-Sat
        "r16b10_SH7       | r16b #10 | last k=2 m=2 weekly days=7",
        "r16b10_SH8       | r16b #10 | last k=2 m=2 weekly days=8",
        "r16b10_SH10      | r16b #10 | last k=2 m=2 weekly days=10",
        "r16b10_SH13      | r16b #10 | last k=2 m=2 weekly days=13",
        "r16b10_SH14      | r16b #10 | last k=2 m=2 weekly days=14",
        "r16b10_SH15      | r16b #10 | last k=2 m=2 weekly days=15",
        "r16b10_SH20      | r16b #10 held | last k=2 m=2 weekly days=20",
        // r16b's "what held"
        "held_S2          | r16b held | last k=3 m=0.3333333333333333",
        "held_S7          | r16b held | last k=2 m=0.5",
        "held_S1_n2       | r16b held | last k=2 m=0.3333333333333333 noise=0.02",
        "held_S4_n10      | r16b held | last k=3 m=0.5 noise=0.10",
        "held_S6_n5       | r16b held | last k=5 m=0.5 noise=0.05",
        "held_U4          | r16b held | last k=1 m=1.3",
        "held_U5_n5       | r16b held | last k=2 m=1.5 noise=0.05",
        "held_UP4         | r16b held | last k=4 m=2",
        "held_DN4         | r16b held | last k=4 m=0.5",
        "held_UP8         | r16b held | last k=8 m=2",
        "held_DN8         | r16b held | last k=8 m=0.5",
        "held_I3          | r16b held | incident n=3 m=5 back=9",
        "held_I4          | r16b held | incident n=2 m=5 back=1",
        "held_WK_up3      | r16b held | last k=3 m=2 weekly noise=0.02",
        "held_WK_dn2      | r16b held | last k=2 m=0.5 weekly noise=0.02",
        "held_WK_flat     | r16b held | flat weekly noise=0.02",
        "held_FLAT_n10    | r16b held | flat noise=0.10",
        "held_Y1_20d      | r16b held | flat days=20",
        "held_flat        | r16b held | flat",
        "held_T6          | r16b held | teams k=3 m=0",
        "held_T7          | r16b held | teams k=11 m=0",
        "held_U2          | r16b held | last k=2 m=1.5",
        "held_U3          | r16b held | last k=2 m=1.6666666666666667",
        "held_S3_dip      | r16b held | last k=1 m=0.05",
        "held_UP6         | r16b held | last k=6 m=2",
        "held_DN6         | r16b held | last k=6 m=0.5",
        "held_P1_n2_12h   | r16b held | flat noise=0.02 hours=12",
        "held_P2_6h       | r16b held | flat hours=6",
        // r18f's exact sweep (held): any move of the last 1-6 days
        "held_E_k1_x1.01  | r18f held | last k=1 m=1.01",
        "held_E_k1_x0.99  | r18f held | last k=1 m=0.99",
        "held_E_k1_x4     | r18f held | last k=1 m=4",
        "held_E_k3_x1.2   | r18f held | last k=3 m=1.2",
        "held_E_k4_x2     | r18f held | last k=4 m=2",
        "held_E_k6_x0.5   | r18f held | last k=6 m=0.5",
        "held_N2_k1_x1.2  | r18f held | last k=1 m=1.2 noise=0.02 seed=3",
        "held_N5_k3_x2    | r18f held | last k=3 m=2 noise=0.05 seed=3",
        // found building this set: an exact step 12-13 days before the end
        "acc_k12_x0.5     | acc14 | last k=12 m=0.5",
        "acc_k12_x2       | acc14 | last k=12 m=2",
        "acc_k13_x0.5     | acc14 | last k=13 m=0.5",
        "acc_k12_x0.5_e18 | acc14 | last k=12 m=0.5 end=11-18",
        "acc_T7_B_12d     | acc14 | teams k=12 m=0",
        "acc_k10_x0.5     | acc14 held | last k=10 m=0.5",
        "acc_k11_x1.5     | acc14 held | last k=11 m=1.5",
        "acc_k15_x0.5     | acc14 held | last k=15 m=0.5",
    };

    record Case(String name, String finding, String shape, Map<String, String> opt) {
        double d(String key, double dflt) {
            return opt.containsKey(key) ? Double.parseDouble(opt.get(key)) : dflt;
        }

        int k() {
            return (int) d("k", shape.equals("newmodel") ? 1 : 0);
        }

        double noise() {
            return d("noise", 0);
        }

        LocalDate end() {
            return opt.containsKey("end") ? LocalDate.parse("2026-" + opt.get("end")) : LocalDate.parse("2026-11-14");
        }

        LocalDate start() {
            return opt.containsKey("days") ? end().minusDays((long) d("days", 0) - 1) : LocalDate.parse("2026-09-01");
        }

        /** The first day of the move (of the incident, or of the last k days); the day after the end if none. */
        LocalDate moveStart() {
            if (shape.equals("incident")) {
                return end().minusDays((long) (d("back", 0) + d("n", 0) - 1));
            }
            return end().minusDays(k() - 1);
        }

        String by() {
            return switch (shape) {
                case "replaced", "newmodel" -> "model";
                case "teams", "teamnew" -> "team";
                default -> null;
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case parse(String row) {
        String[] f = row.split("\\|");
        String[] words = f[2].trim().split("\\s+");
        Map<String, String> opt = new HashMap<>();
        for (String w : Arrays.copyOfRange(words, 1, words.length)) {
            int eq = w.indexOf('=');
            opt.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
        }
        // a mistyped shape or option would quietly give a flat log: refuse it
        if (!SHAPES.contains(words[0]) || !OPTIONS.containsAll(opt.keySet())) {
            throw new IllegalArgumentException("row " + f[0].trim() + ": shape or option not known: " + f[2].trim());
        }
        return new Case(f[0].trim(), f[1].trim(), words[0], opt);
    }

    private static final Set<String> SHAPES = Set.of("flat", "last", "incident", "replaced", "teams", "teamnew", "newmodel");
    private static final Set<String> OPTIONS = Set.of("k", "m", "n", "back", "noise", "seed", "days", "end", "weekly",
            "hours", "budget", "budgetB");

    static Stream<Case> all() {
        return Arrays.stream(CASES).map(ForecastAcceptanceSetTest::parse);
    }

    static Stream<Case> passing() {
        return all().filter(c -> !KNOWN_OPEN.containsKey(c.name()));
    }

    // ---- the generator: gen.py's write() and tw(), gen2.py's tw() ----

    private static final double IN = 2.5e-6, OUT = 1e-5, MINI_IN = 0.15e-6, MINI_OUT = 0.6e-6;

    /** A generated log: its lines and each day's spend (the partial last day as logged). */
    record Log(String jsonl, TreeMap<LocalDate, Double> spend) {
    }

    static Log generate(Case c) {
        StringBuilder sb = new StringBuilder();
        TreeMap<LocalDate, Double> spend = new TreeMap<>();
        PyRandom rnd = new PyRandom((int) c.d("seed", 7));
        int hours = (int) c.d("hours", 24);
        LocalDate moveStart = c.moveStart(), end = c.end();
        for (LocalDate d = c.start(); !d.isAfter(end); d = d.plusDays(1)) {
            boolean moved = !d.isBefore(moveStart) && (c.shape.equals("incident")
                    ? d.isBefore(moveStart.plusDays((long) c.d("n", 0))) : !d.isAfter(end));
            double m = moved ? c.d("m", 1) : 1;
            double day = 0;
            switch (c.shape) {
                case "replaced" -> {
                    String model = moved ? "gpt-4o-mini" : "gpt-4o";
                    for (int h = 0; h < 24; h++) {
                        day += line(sb, d, h * 3600 + 1800, model, null, 10000, 1000);
                    }
                }
                case "teams", "teamnew", "newmodel" -> {
                    for (String team : new String[]{"A", "B"}) {
                        int n = team.equals("A") ? 20 : 10;
                        boolean present = team.equals("A") || switch (c.shape) {
                            case "teamnew", "newmodel" -> moved;
                            default -> m > 0;
                        };
                        long in = team.equals("B") && c.shape.equals("teams") ? (long) (10000 * m) : 10000;
                        String model = team.equals("B") && c.shape.equals("newmodel") ? "gpt-4o-mini" : "gpt-4o";
                        for (int i = 0; present && i < n; i++) {
                            int s = (int) ((i + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                            day += line(sb, d, s, model, c.shape.equals("newmodel") ? null : team, in, 1000);
                        }
                    }
                }
                default -> {
                    double x = (c.opt.containsKey("weekly") ? weekly(d) : 1) * m;
                    x = Math.max(x * (c.noise() > 0 ? 1 + rnd.gauss() * c.noise() : 1), 0.01);
                    double per = 0.70 / 24 * x;
                    long in = per > 0.01 ? Math.max(1, (long) Math.rint((per - 0.01) / IN)) : 1;
                    long out = per > 0.01 ? 1000 : Math.max(1, (long) (per / OUT));
                    for (int h = 0; h < (d.equals(end) ? hours : 24); h++) {
                        day += line(sb, d, h * 3600 + 1800, "gpt-4o", null, in, out);
                    }
                }
            }
            spend.put(d, day);
        }
        return new Log(sb.toString(), spend);
    }

    static double weekly(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.3 : 1;
    }

    private static double line(StringBuilder sb, LocalDate d, int second, String model, String team, long in, long out) {
        sb.append(String.format(Locale.ROOT, "{\"timestamp\":\"%sT%02d:%02d:%02dZ\",\"model\":\"%s\"%s,"
                        + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n", d, second / 3600, second / 60 % 60,
                second % 60, model, team == null ? "" : ",\"team\":\"" + team + "\"", in, out));
        return model.equals("gpt-4o-mini") ? in * MINI_IN + out * MINI_OUT : in * IN + out * OUT;
    }

    /**
     * CPython's random.Random(seed) for a small int seed: MT19937 seeded by init_by_array, random() and gauss() as
     * CPython computes them, so a seed gives the reviewers' noisy days.
     */
    static final class PyRandom {
        private final int[] mt = new int[624];
        private int i = 625;
        private double next = Double.NaN;

        PyRandom(int seed) {
            mt[0] = 19650218;
            for (int j = 1; j < 624; j++) {
                mt[j] = 1812433253 * (mt[j - 1] ^ (mt[j - 1] >>> 30)) + j;
            }
            int a = 1;
            for (int k = 624; k > 0; k--) {
                mt[a] = (mt[a] ^ ((mt[a - 1] ^ (mt[a - 1] >>> 30)) * 1664525)) + seed;
                if (++a >= 624) {
                    mt[0] = mt[623];
                    a = 1;
                }
            }
            for (int k = 623; k > 0; k--) {
                mt[a] = (mt[a] ^ ((mt[a - 1] ^ (mt[a - 1] >>> 30)) * 1566083941)) - a;
                if (++a >= 624) {
                    mt[0] = mt[623];
                    a = 1;
                }
            }
            mt[0] = 0x80000000;
        }

        private int next32() {
            if (i >= 624) {
                for (int k = 0; k < 624; k++) {
                    int y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
                    mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
                }
                i = 0;
            }
            int y = mt[i++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            return y ^ (y >>> 18);
        }

        double random() {
            int a = next32() >>> 5, b = next32() >>> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }

        double gauss() {
            if (!Double.isNaN(next)) {
                double z = next;
                next = Double.NaN;
                return z;
            }
            double x2pi = random() * 2 * Math.PI, g2rad = Math.sqrt(-2.0 * Math.log(1.0 - random()));
            next = Math.sin(x2pi) * g2rad;
            return Math.cos(x2pi) * g2rad;
        }
    }

    // ---- hand readings ----

    /** Month-to-date, the old and new readings, and how far a noisy reading may be off (one sd of it). */
    record Hand(double mtd, double old, double neu, double tol, boolean exact, int days) {
    }

    static Hand hand(Case c, TreeMap<LocalDate, Double> spend) {
        LocalDate end = c.end(), first = end.withDayOfMonth(1), moveStart = c.moveStart();
        boolean weekly = c.opt.containsKey("weekly");
        int hours = (int) c.d("hours", 24);
        double logged = spend.subMap(first, true, end, true).values().stream().mapToDouble(x -> x).sum(), mtd = logged;
        List<Double> before = new ArrayList<>();
        for (LocalDate d = moveStart.minusDays(28); d.isBefore(moveStart) && !d.isAfter(end); d = d.plusDays(1)) {
            if (spend.containsKey(d) && !(d.equals(end) && hours < 24)) {
                before.add(spend.get(d) / (weekly ? weekly(d) : 1));
            }
        }
        before.sort(null);
        double old = before.isEmpty() ? 0 : before.size() % 2 == 1 ? before.get(before.size() / 2)
                : (before.get(before.size() / 2 - 1) + before.get(before.size() / 2)) / 2;
        double neu = old;
        if (c.k() > 0 && !c.shape.equals("incident")) {
            neu = 0;
            for (LocalDate d = moveStart; !d.isAfter(end); d = d.plusDays(1)) {
                neu += spend.get(d) * (d.equals(end) ? 24.0 / hours : 1) / (weekly ? weekly(d) : 1) / c.k();
            }
        }
        // the hours of the last day the log did not reach go on at that day's own rate, in both readings
        mtd += spend.get(end) * (24.0 - hours) / hours;
        double left = 0;
        for (LocalDate d = end.plusDays(1); !d.isAfter(end.withDayOfMonth(end.lengthOfMonth())); d = d.plusDays(1)) {
            left += weekly ? weekly(d) : 1;
        }
        double oldReading = mtd + left * old, newReading = mtd + left * neu;
        // a noisy reading is off by about the noise of a day times what is left; an exact one by cents
        double tol = Math.max(0.05, c.noise() * left * Math.max(old, neu));
        int days = (int) (end.toEpochDay() - c.start().toEpochDay() + 1);
        return new Hand(logged, oldReading, newReading, tol, c.noise() == 0, days);
    }

    // ---- running and judging ----

    /** One run of a row: each day's spend of its log, the forecast's JSON and exit code. */
    record Run(TreeMap<LocalDate, Double> spend, JsonNode json, int exit) {
    }

    static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    static final Map<String, String> TABLE = new java.util.concurrent.ConcurrentSkipListMap<>();

    static Run run(Case c) {
        return RUNS.computeIfAbsent(c.name(), n -> {
            try {
                Log log = generate(c);
                Path file = TestSupport.write(dir, c.name() + ".jsonl", log.jsonl());
                List<String> args = new ArrayList<>(List.of("cost-forecast", "-f", "json", "-q", file.toString()));
                if (c.by() != null) {
                    args.addAll(List.of("--by", c.by()));
                }
                if (c.opt.containsKey("budget") || c.opt.containsKey("budgetB")) {
                    StringBuilder y = new StringBuilder("budgets:\n");
                    if (c.opt.containsKey("budget")) {
                        y.append("  - {scope: total, monthly_usd: ").append(c.opt.get("budget")).append("}\n");
                    }
                    if (c.opt.containsKey("budgetB")) {
                        y.append("  - {scope: \"team:B\", monthly_usd: ").append(c.opt.get("budgetB")).append("}\n");
                    }
                    args.addAll(List.of("--budget", TestSupport.write(dir, c.name() + ".yaml", y.toString()).toString(),
                            "--fail-on-alert"));
                }
                TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
                return new Run(log.spend(), r.json(), r.code());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @BeforeAll
    static void runEveryCase() throws Exception {
        // each run is in-process and shares nothing mutable with the others: two at a time halve the wall time
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            pool.submit(() -> all().parallel().forEach(ForecastAcceptanceSetTest::run)).get();
        } finally {
            pool.shutdown();
        }
    }

    /** What is wrong with the case's forecast, by the rules of the class comment; empty when it passes. */
    static List<String> problems(Case c) {
        Run run = run(c);
        Hand h = hand(c, run.spend());
        JsonNode j = run.json();
        List<String> p = new ArrayList<>();
        double point = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        double mtd = j.get("month_to_date_usd").asDouble();
        if (Math.abs(mtd - h.mtd()) > 0.01) {
            p.add(String.format(Locale.ROOT, "month-to-date %.2f, generated %.2f", mtd, h.mtd()));
        }
        boolean bothWays = false, atNew = false;
        switch (c.shape) {
            case "last", "teams", "teamnew", "newmodel" -> {
                bothWays = c.k() <= 6;
                atNew = c.k() >= 7;
            }
            case "replaced" -> atNew = true;
            default -> {
            }
        }
        List<Double> readings = atNew ? List.of(h.neu()) : bothWays ? List.of(h.old(), h.neu()) : List.of(h.old());
        double lowest = readings.stream().mapToDouble(x -> x).min().orElseThrow();
        double highest = readings.stream().mapToDouble(x -> x).max().orElseThrow();
        String band = in == null || in.isNull() || in.get("lo80").isNull() ? "null" : String.format(Locale.ROOT, "[%.2f, %.2f]",
                in.get("lo80").asDouble(), in.get("hi80").asDouble());
        TABLE.put(c.name(), String.format(Locale.ROOT, "%s | %s | %.2f / %.2f | %.2f %s", c.name(), c.opt.isEmpty()
                ? c.shape : c.shape + " " + new TreeMap<>(c.opt), h.old(), h.neu(), point, band));
        if (point < lowest - h.tol() || point > highest + h.tol()) {
            p.add(String.format(Locale.ROOT, "point %.2f outside the readings [%.2f, %.2f] +- %.2f", point, lowest,
                    highest, h.tol()));
        }
        if (in == null || in.isNull() || in.get("lo80").isNull()) {
            boolean said = false;
            for (JsonNode w : j.get("warnings")) {
                said |= w.asText().contains("forecast_total_interval") && w.asText().contains("null");
            }
            if (!said) {
                p.add("80% band null with no warning saying why");
            }
        } else {
            double lo = in.get("lo80").asDouble(), hi = in.get("hi80").asDouble();
            for (double r : readings) {
                if (r < lo - h.tol() || r > hi + h.tol()) {
                    p.add(String.format(Locale.ROOT, "80%% band %s excludes the reading %.2f (+- %.2f)", band, r, h.tol()));
                }
            }
            if (lo < mtd - 0.005) {
                p.add("lo80 " + lo + " under month-to-date " + mtd);
            }
            if (hi > 1.5 * highest) {
                p.add(String.format(Locale.ROOT, "hi80 %.2f over 1.5x the highest reading %.2f", hi, highest));
            }
            if (lo < lowest / 1.5 - 0.005) {
                p.add(String.format(Locale.ROOT, "lo80 %.2f under the lowest reading %.2f / 1.5", lo, lowest));
            }
            if (hi - lo < 0.005 && !(h.exact() && h.days() >= 20)) {
                p.add("80% band of zero width " + band + " on a noisy or short history");
            }
        }
        // budgets: an alert iff hi80 exceeds the budget, exit 4 iff an alert
        boolean anyAlert = j.get("alerts").size() > 0;
        int budgets = 0;
        for (JsonNode s : j.path("scopes")) {
            if (s.path("budget_usd").isNull() || s.path("budget_usd").isMissingNode()) {
                continue;
            }
            budgets++;
            double b = s.get("budget_usd").asDouble(), hi = s.path("forecast_total_interval").path("hi80").asDouble();
            boolean alerted = false;
            for (JsonNode a : j.get("alerts")) {
                alerted |= a.get("kind").asText().equals("forecast") && a.get("scope").asText().equals(s.get("scope").asText());
            }
            if (alerted != hi > b + 1e-9) {
                p.add(String.format(Locale.ROOT, "%s: hi80 %.2f against budget %.2f, forecast alert %s", s.get("scope").asText(),
                        hi, b, alerted));
            }
        }
        if (budgets != (c.opt.containsKey("budget") ? 1 : 0) + (c.opt.containsKey("budgetB") ? 1 : 0)) {
            p.add(budgets + " scope(s) with a budget, the row gave " + c.opt.keySet());
        }
        if (c.opt.containsKey("budget") || c.opt.containsKey("budgetB")) {
            int exit = run.exit();
            if (exit != (anyAlert ? 4 : 0)) {
                p.add("exit " + exit + " with " + j.get("alerts").size() + " alert(s) and --fail-on-alert");
            }
        }
        // --by: one reading for the total and its scopes; the total's 95% band holds one scope at its 80% bound
        if (c.by() != null) {
            double sum = 0, widest = 0;
            for (JsonNode s : j.path("scopes")) {
                if (s.get("scope").asText().startsWith(c.by() + ":") && !s.get("forecast_total_usd").isNull()) {
                    double sp = s.get("forecast_total_usd").asDouble();
                    sum += sp;
                    JsonNode si = s.path("forecast_total_interval");
                    if (si.has("hi80") && !si.get("hi80").isNull()) {
                        widest = Math.max(widest, si.get("hi80").asDouble() - sp);
                    }
                }
            }
            if (Math.abs(sum - point) > h.tol()) {
                p.add(String.format(Locale.ROOT, "total %.2f, its %s scopes sum to %.2f", point, c.by(), sum));
            }
            if (in != null && !in.isNull() && in.get("hi95").asDouble() < sum + widest - h.tol()) {
                p.add(String.format(Locale.ROOT, "hi95 %.2f under the scopes' points %.2f with one at its hi80 (+%.2f)",
                        in.get("hi95").asDouble(), sum, widest));
            }
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passing")
    void theForecastGivesWhatTheEvidenceSupports(Case c) {
        List<String> p = problems(c);
        assertTrue(p.isEmpty(), c.name() + " (" + c.finding() + "): " + p);
    }

    @Test
    void knownOpenCasesStillFail() {
        List<String> nowPassing = all().filter(c -> KNOWN_OPEN.containsKey(c.name()))
                .filter(c -> problems(c).isEmpty()).map(Case::name).toList();
        assertTrue(nowPassing.isEmpty(), "known-open cases that pass now (take them out of KNOWN_OPEN): " + nowPassing);
    }

    @Test
    void everyKnownOpenNameIsARow() {
        Set<String> names = all().map(Case::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(KNOWN_OPEN.keySet()), "KNOWN_OPEN names no row: " + KNOWN_OPEN.keySet());
        assertEquals(CASES.length, names.size(), "two rows share a name");
    }

    @AfterAll
    static void printTable() {
        if (Boolean.getBoolean("techopt.acceptance.table")) {
            TABLE.values().forEach(System.out::println);
        }
    }
}
