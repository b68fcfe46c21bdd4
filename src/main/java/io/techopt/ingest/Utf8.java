package io.techopt.ingest;

/** Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF). */
public final class Utf8 {
    private Utf8() {
    }

    /** Returns -1 when valid, else the offset (relative to {@code off}) of the first bad byte. */
    public static int firstInvalid(byte[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                while (i + 8 <= end && Bytes.ascii(Bytes.word(b, i))) { // ASCII runs eight bytes at a time
                    i += 8;
                }
                continue;
            }
            c &= 0xFF;
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return i - off;
            }
            if (i + need >= end) { // sequence cut short
                return i - off;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return i - off;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i - off;
            }
            i += need + 1;
        }
        return -1;
    }
}
