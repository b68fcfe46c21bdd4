package io.techopt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Logs written as UTF-16 or UTF-32 (Windows tools, PowerShell's {@code >} and Excel's "Unicode text" write UTF-16LE):
 * found by their byte order mark, or without one by the NUL bytes of their first characters (JSON and CSV logs start
 * with ASCII), and decoded to UTF-8 as they stream, so every line is read instead of one (or none).
 */
final class TextEncoding {
    private TextEncoding() {
    }

    /** A file's encoding other than UTF-8: its name for messages, and the length of its byte order mark (0: none). */
    record Detected(Charset charset, int bom) {
        String describe() {
            return charset.name() + (bom > 0 ? " (byte order mark)" : " (no byte order mark; found by its NUL bytes)");
        }
    }

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    /** The encoding of text starting with {@code b[0..len)}, or null for UTF-8 (or anything else). */
    static Detected detect(byte[] b, int len) {
        int b0 = len > 0 ? b[0] & 0xFF : -1, b1 = len > 1 ? b[1] & 0xFF : -1;
        int b2 = len > 2 ? b[2] & 0xFF : -1, b3 = len > 3 ? b[3] & 0xFF : -1;
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
            return new Detected(UTF_32BE, 4);
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
            return new Detected(UTF_32LE, 4);
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2);
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2);
        }
        if (len < 4) {
            return null;
        }
        Detected d = null;
        if (b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
            d = new Detected(UTF_32BE, 0);
        } else if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            d = new Detected(UTF_32LE, 0);
        } else if (b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0) {
            d = new Detected(StandardCharsets.UTF_16BE, 0);
        } else if (b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0) {
            d = new Detected(StandardCharsets.UTF_16LE, 0);
        }
        return d != null && wholeLinesLookLikeText(d.charset, b, len) && (d.charset == UTF_32BE || d.charset == UTF_32LE
                || !utf8LineBreakAfterAUtf16Line(b, len)) ? d : null;
    }

    /**
     * Without a byte order mark, the first characters alone do not make a file UTF-16: a UTF-16 line followed by UTF-8
     * lines would turn them into nonsense. Every whole line of the sample, decoded, must be at least a tenth ASCII
     * (a log's keys, quotes, commas and digits; UTF-8 read as UTF-16 has almost none, and its line breaks pair with
     * the next byte into other characters, so the rest of the sample reads as one such line); else the file is read
     * as UTF-8, and its UTF-16 line is a bad line.
     */
    private static boolean wholeLinesLookLikeText(Charset cs, byte[] b, int len) {
        String s = new String(b, 0, len, cs); // malformed sequences become U+FFFD: not ASCII, as they should count
        for (int start = 0; start <= s.length(); ) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            int ascii = 0, all = 0;
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                all++;
                ascii += c < 0x80 ? 1 : 0;
            }
            if (all > 0 && ascii * 10 < all) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /**
     * A raw '\n' at an even offset followed by '{': a UTF-8 record after a UTF-16 line (w_nul_interleaved). As
     * UTF-16 those two bytes are U+7B0A or U+0A7B, which no log holds where a line should end; a short UTF-8 line
     * after a long UTF-16 one passes the ASCII share of {@link #wholeLinesLookLikeText}.
     */
    private static boolean utf8LineBreakAfterAUtf16Line(byte[] b, int len) {
        for (int i = 0; i + 1 < len; i += 2) {
            if (b[i] == '\n' && b[i + 1] == '{') {
                return true;
            }
        }
        return false;
    }

    /** {@code in} (positioned after any byte order mark) decoded from {@code cs} and encoded as UTF-8, streaming. */
    static InputStream toUtf8(InputStream in, Charset cs) {
        return new Utf8Stream(in, cs);
    }

    /**
     * Decodes as it is read. A sequence that is not {@code cs} (a lone surrogate, a cut last character) becomes the
     * byte 0xFF, never valid in UTF-8, so its line is a bad line with its number instead of being changed silently.
     */
    private static final class Utf8Stream extends InputStream {
        private final InputStream in;
        private final CharsetDecoder dec;
        private final CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder();
        private final ByteBuffer raw = ByteBuffer.allocate(1 << 16);
        private final CharBuffer chars = CharBuffer.allocate(1 << 16);
        private final ByteBuffer out = ByteBuffer.allocate(3 * (1 << 16) + 16);
        private boolean eof;
        private boolean done;

        Utf8Stream(InputStream in, Charset cs) {
            this.in = in;
            this.dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            raw.flip();
            out.flip();
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
            while (!out.hasRemaining()) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, out.remaining());
            out.get(b, off, n);
            return n;
        }

        private boolean fill() throws IOException {
            if (done) {
                return false;
            }
            out.clear();
            raw.compact();
            if (!eof) {
                int n = in.read(raw.array(), raw.position(), raw.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    raw.position(raw.position() + n);
                }
            }
            raw.flip();
            chars.clear();
            CoderResult r = dec.decode(raw, chars, eof);
            while (r.isError()) {
                encode();
                raw.position(raw.position() + r.length());
                out.put((byte) 0xFF);
                r = dec.decode(raw, chars, eof);
            }
            if (eof && !raw.hasRemaining()) {
                dec.flush(chars);
                done = true;
            }
            encode();
            out.flip();
            return true;
        }

        private void encode() {
            chars.flip();
            enc.encode(chars, out, false); // the decoder writes surrogate pairs whole: nothing is left over
            chars.clear();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
