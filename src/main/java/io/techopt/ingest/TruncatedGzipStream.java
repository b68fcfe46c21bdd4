package io.techopt.ingest;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * A gzip stream that ends cleanly where the compressed data is cut short or corrupt, and remembers that it did,
 * so every complete line before the damage is still read.
 */
final class TruncatedGzipStream extends FilterInputStream {
    private boolean truncated;

    TruncatedGzipStream(InputStream gzip) {
        super(gzip);
    }

    /** A stream whose gzip header itself is missing or damaged: nothing to read. */
    static TruncatedGzipStream broken() {
        TruncatedGzipStream s = new TruncatedGzipStream(InputStream.nullInputStream());
        s.truncated = true;
        return s;
    }

    boolean truncated() {
        return truncated;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (truncated) {
            return -1;
        }
        try {
            return super.read(b, off, len);
        } catch (EOFException | ZipException e) {
            truncated = true;
            return -1;
        }
    }
}
