package io.techopt.ingest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Parses the timestamps found in real logs into epoch milliseconds (UTC when no offset is given: log-format.md asks
 * for 'Z' or an offset, so the reader counts those without one and says so, see {@link #takeNoOffset()}).
 */
public final class Timestamps {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** Whether the last timestamp parsed on this thread had no offset (read as UTC), for the reader to count. */
    private static final ThreadLocal<boolean[]> NO_OFFSET = ThreadLocal.withInitial(() -> new boolean[1]);

    /** The last timestamp parsed on this thread since the last call had no UTC offset; clears it. */
    static boolean takeNoOffset() {
        boolean[] f = NO_OFFSET.get();
        boolean v = f[0];
        f[0] = false;
        return v;
    }

    public static long parse(String s) throws BadInputException {
        try {
            return parseChecked(s);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new BadInputException("timestamp is out of range");
        }
    }

    private static long parseChecked(String s) throws BadInputException {
        boolean[] noOffset = NO_OFFSET.get();
        noOffset[0] = false;
        long fast = parseFast(s);
        if (fast != Long.MIN_VALUE) {
            char z = s.charAt(s.length() - 1), sign = s.charAt(s.length() - 6); // parseFast: Z, ±HH:MM or none
            noOffset[0] = z != 'Z' && sign != '+' && sign != '-';
            return fast;
        }
        String t = s.trim();
        try {
            var parsed = LOCAL.parseBest(t, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
            if (parsed instanceof OffsetDateTime o) {
                return o.toInstant().toEpochMilli();
            }
            noOffset[0] = true;
            if (parsed instanceof LocalDateTime l) {
                return l.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return ((LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            if (t.matches("\\d{10}(\\.\\d+)?")) { // epoch seconds as text
                return (long) (Double.parseDouble(t) * 1000);
            }
            if (t.matches("\\d{13}")) {
                return Long.parseLong(t);
            }
            throw new BadInputException("timestamp is not ISO-8601 or epoch milliseconds");
        }
    }

    /** Numbers are epoch ms; values that can only be epoch seconds (before 1973 as ms) are scaled. */
    public static long fromNumber(double v) throws BadInputException {
        NO_OFFSET.get()[0] = false; // epoch time is UTC by definition
        if (!Double.isFinite(v) || v < 0) {
            // a negative number is neither epoch milliseconds of a real log nor seconds (never scaled as such)
            throw new BadInputException("numeric timestamp must be non-negative epoch milliseconds (or seconds)");
        }
        if (v >= 1e14) { // past the year 5138 in milliseconds: no instant to show, and no log from then
            throw new BadInputException("numeric timestamp is out of range (more than 10^14 epoch milliseconds)");
        }
        return v < 1e11 ? (long) (v * 1000) : (long) v;
    }

    /** The common shape {@code YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH:MM]} without allocating; MIN_VALUE if other. */
    static long parseFast(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
        int h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        long millis = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i, scale = 100;
            while (i < n && Character.isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis += (s.charAt(i) - '0') * scale;
                    scale /= 10;
                }
                i++;
            }
            if (i == start) {
                return Long.MIN_VALUE;
            }
        }
        int offsetSec = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c == 'Z' && i == n - 1) {
                offsetSec = 0;
            } else if ((c == '+' || c == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
                if (oh < 0 || om < 0) {
                    return Long.MIN_VALUE;
                }
                offsetSec = (c == '+' ? 1 : -1) * (oh * 3600 + om * 60);
            } else {
                return Long.MIN_VALUE;
            }
        }
        if (d > LocalDate.of(y, mo, 1).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long days = LocalDate.of(y, mo, d).toEpochDay();
        return ((days * 86400L + h * 3600L + mi * 60L + se) - offsetSec) * 1000L + millis;
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
