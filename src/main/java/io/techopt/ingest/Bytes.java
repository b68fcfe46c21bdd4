package io.techopt.ingest;

import java.io.IOException;
import java.io.InputStream;

/** Byte-array scanning for the readers: they cut and sniff raw blocks without decoding them to text. */
final class Bytes {
    private Bytes() {
    }

    /** Reads until {@code len} bytes are in or the stream ends; returns how many were read. */
    static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, byte v, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** The first byte in {@code [from, to)} that is not a space, tab or line break; -1 when there is none. */
    static int firstNonSpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return -1;
    }

    static long countNewlines(byte[] b, int len) {
        long n = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
