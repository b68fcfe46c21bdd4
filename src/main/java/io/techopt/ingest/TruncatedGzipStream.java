package io.techopt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gzip decompression, member after member (concatenated members read as one stream, like {@code gzip -d}), that
 * ends cleanly where the compressed data is cut short or corrupt and remembers that it did, so every complete
 * line before the damage is still read. Bytes after the last member that do not start another member are not
 * read as data: {@link #garbageAt()} says where they start (java.util.zip ignores them silently).
 */
final class TruncatedGzipStream extends InputStream {
    private final InputStream raw;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private long rawRead;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberSize;
    private boolean inMember;
    private boolean anyMember;
    private boolean needTrailer;
    private boolean done;
    private boolean truncated;
    private long garbageAt = -1;

    TruncatedGzipStream(InputStream raw) {
        this.raw = raw;
    }

    /** A stream whose gzip header itself is missing or damaged: nothing to read. */
    static TruncatedGzipStream broken() {
        TruncatedGzipStream s = new TruncatedGzipStream(InputStream.nullInputStream());
        s.truncated = true;
        s.done = true;
        return s;
    }

    boolean truncated() {
        return truncated;
    }

    /** Byte offset (in the compressed file) of data after the last gzip member that is not a member; -1 if none. */
    long garbageAt() {
        return garbageAt;
    }

    /** Offset in the compressed input of the next byte not yet handed to the inflater or the header reader. */
    private long offset() {
        return rawRead - (lim - pos);
    }

    private int rawByte() throws IOException {
        if (pos == lim) {
            int n = raw.read(buf, 0, buf.length);
            if (n <= 0) {
                return -1;
            }
            rawRead += n;
            pos = 0;
            lim = n;
        }
        return buf[pos++] & 0xFF;
    }

    /** Reads a member header; false at a clean end of input (or garbage) after at least one member. */
    private boolean header(boolean first) throws IOException {
        long at = offset();
        int m1 = rawByte();
        if (m1 < 0 && !first) {
            return false;
        }
        int m2 = m1 < 0 ? -1 : rawByte();
        if (m1 != 0x1f || m2 != 0x8b) {
            if (!first) {
                garbageAt = at;
                return false;
            }
            throw new IOException("no gzip header");
        }
        int cm = rawByte();
        int flg = rawByte();
        if (cm != 8 || flg < 0) {
            throw new IOException("unsupported gzip header");
        }
        for (int i = 0; i < 6; i++) {
            need(rawByte());
        }
        if ((flg & 4) != 0) { // FEXTRA
            int xlen = need(rawByte()) | (need(rawByte()) << 8);
            for (int i = 0; i < xlen; i++) {
                need(rawByte());
            }
        }
        if ((flg & 8) != 0) { // FNAME
            while (need(rawByte()) != 0) {
                // skip
            }
        }
        if ((flg & 16) != 0) { // FCOMMENT
            while (need(rawByte()) != 0) {
                // skip
            }
        }
        if ((flg & 2) != 0) { // FHCRC
            need(rawByte());
            need(rawByte());
        }
        inflater.reset();
        crc.reset();
        memberSize = 0;
        inMember = true;
        anyMember = true;
        return true;
    }

    private static int need(int b) throws IOException {
        if (b < 0) {
            throw new java.io.EOFException("gzip header cut short");
        }
        return b;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        try {
            while (!done) {
                if (needTrailer) {
                    needTrailer = false;
                    trailer();
                    inMember = false;
                }
                if (!inMember && !header(!anyMember)) {
                    done = true;
                    break;
                }
                if (inflater.needsInput()) {
                    if (pos == lim) {
                        int n = raw.read(buf, 0, buf.length);
                        if (n <= 0) {
                            truncated = true; // the data ends inside a member
                            done = true;
                            break;
                        }
                        rawRead += n;
                        pos = 0;
                        lim = n;
                    }
                    inflater.setInput(buf, pos, lim - pos);
                    pos = lim;
                }
                int n = inflater.inflate(b, off, len);
                if (inflater.finished()) {
                    pos = lim - inflater.getRemaining();
                    crc.update(b, off, n);
                    memberSize += n;
                    needTrailer = true;
                    if (n > 0) {
                        return n;
                    }
                    continue;
                }
                if (n > 0) {
                    crc.update(b, off, n);
                    memberSize += n;
                    return n;
                }
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("preset dictionary");
                }
            }
        } catch (DataFormatException | java.io.EOFException e) {
            truncated = true;
            done = true;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("gzip header")) {
                truncated = true;
                done = true;
            } else {
                throw e;
            }
        }
        return -1;
    }

    private void trailer() throws IOException, DataFormatException {
        long c = 0;
        for (int i = 0; i < 4; i++) {
            c |= (long) need(rawByte()) << (8 * i);
        }
        long size = 0;
        for (int i = 0; i < 4; i++) {
            size |= (long) need(rawByte()) << (8 * i);
        }
        if (c != crc.getValue() || size != (memberSize & 0xFFFFFFFFL)) {
            throw new DataFormatException("gzip member CRC or size does not match its data");
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }
}
