package io.techopt.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The readers scan bytes eight at a time (newlines, ASCII runs in UTF-8 validation); every answer must equal the
 * byte-by-byte definition at any offset, length and position of the byte sought, in either half of a word.
 */
class ByteScansMatchTheirByteByByteDefinitionsTest {
    private static final byte[] PALETTE = {'\n', '\n', 'a', ' ', '{', '"', 0, (byte) 0x80, (byte) 0xFF, (byte) 0x0B,
            (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC, (byte) 0xF0, (byte) 0x9F, (byte) 0xED,
            (byte) 0xA0, (byte) 0xC0, (byte) 0xF4, (byte) 0x90, (byte) 0x8A, 0x7F};

    @Test
    void indexOfCountNewlinesAndUtf8ValidationAgreeWithTheirDefinitionsOnRandomBytes() {
        Random rnd = new Random(20261201);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = randomBytes(rnd);
            int from = rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            byte v = rnd.nextInt(4) == 0 ? PALETTE[rnd.nextInt(PALETTE.length)] : (byte) '\n';
            assertEquals(indexOfByDefinition(b, v, from, to), Bytes.indexOf(b, v, from, to), "indexOf round " + round);
            int len = rnd.nextInt(b.length + 1);
            assertEquals(countByDefinition(b, len), Bytes.countNewlines(b, len), "countNewlines round " + round);
            assertEquals(firstInvalidByDefinition(b, from, to - from), Utf8.firstInvalid(b, from, to - from),
                    "firstInvalid round " + round);
        }
    }

    @Test
    void longAsciiRunsThenOneBadByteAreFoundAtEveryPosition() {
        for (int len = 1; len < 40; len++) {
            for (int bad = 0; bad < len; bad++) {
                byte[] b = "x".repeat(len).getBytes(StandardCharsets.US_ASCII);
                b[bad] = (byte) 0xC0;
                assertEquals(bad, Utf8.firstInvalid(b, 0, len));
                b[bad] = '\n';
                assertEquals(bad, Bytes.indexOf(b, (byte) '\n', 0, len));
                assertEquals(1, Bytes.countNewlines(b, len));
                assertEquals(-1, Utf8.firstInvalid(b, 0, len));
            }
        }
        byte[] euro = "abcdefgh\u20ac12345678\u00e9".getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, Utf8.firstInvalid(euro, 0, euro.length));
        assertEquals(8, Utf8.firstInvalid(euro, 0, euro.length - 11)); // the euro sign cut after its first byte
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(70)];
        int mode = rnd.nextInt(3);
        for (int i = 0; i < b.length; i++) {
            if (mode == 0) {
                b[i] = (byte) rnd.nextInt(256);
            } else if (mode == 1 || rnd.nextInt(12) == 0) {
                b[i] = PALETTE[rnd.nextInt(PALETTE.length)];
            } else {
                b[i] = (byte) ('a' + rnd.nextInt(26));
            }
        }
        if (rnd.nextBoolean()) { // valid UTF-8 text with multi-byte characters, so the validator runs to the end
            String s = "ab\u00e9 \u20ac\n" + "x".repeat(rnd.nextInt(20)) + "\ud83d\ude00" + "y".repeat(rnd.nextInt(9));
            byte[] t = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(t, 0, b, 0, Math.min(t.length, b.length));
        }
        return b;
    }

    private static int indexOfByDefinition(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static long countByDefinition(byte[] b, int len) {
        long n = 0;
        for (int i = 0; i < len; i++) {
            n += b[i] == '\n' ? 1 : 0;
        }
        return n;
    }

    /** RFC 3629: the shortest form only, no surrogates, nothing above U+10FFFF. */
    private static int firstInvalidByDefinition(byte[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            int need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (need < 0 || i + need >= end) {
                return i - off;
            }
            int cp = need == 0 ? c : c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return i - off;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            int min = need == 0 ? 0 : need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i - off;
            }
            i += need + 1;
        }
        return -1;
    }
}
