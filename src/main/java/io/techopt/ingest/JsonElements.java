package io.techopt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a JSON document (an array of records, or records one after another; pretty-printed or compact) into its
 * top-level elements without parsing them, so a damaged element costs that element and nothing after it. The
 * scanner follows strings and brackets; it resyncs at the next line that opens a record at (or left of) the
 * column where the damaged one opened, or at the next separator once junk follows a closed record. In a
 * pretty-printed record (members indented deeper than its '{'), a '{' left of its members, or a line at or left of
 * its '{' starting with anything but a closing bracket or ',', starts the next element: a record cut short is one
 * bad element, and the next one (even without its '{') another. Bounded memory: an element longer than the limit
 * is skipped, not kept.
 */
final class JsonElements {
    /** One top-level element: its bytes, the line it starts on, and why it is damaged (null: scan found no damage). */
    record Element(byte[] bytes, int length, long line, String damage) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;

    private long line = 1;
    private int col;
    private boolean lineStart = true;
    private int lineIndent; // column of the current line's first significant byte
    private byte lineFirst;  // the current line's first significant byte (outside a string)
    private boolean inArray;
    private long oneLineRecords;   // clean records that opened and closed on one line
    private long multiLineRecords; // clean records over several lines
    private boolean arraySeen;

    private Open cur;   // the element being scanned
    private Open prev;  // a closed element not yet handed out: junk right after it still belongs to it
    private Element ready;
    private boolean dataAfterArray; // something other than space followed the array's closing ']'
    /** The array is a member of an object ({"data":[…]}): what follows its ']' is the rest of that object, no record. */
    boolean wrapped;
    private boolean closedWrapper;
    private long restAfterWrapper; // bytes after the wrapped array other than the object's '}': not read as records
    private long restLine;

    /** Bytes after the wrapped array other than its object's closing '}', and the line of the first; 0 when none. */
    long[] restAfterWrapper() {
        return tail != null ? tail.restAfterWrapper() : new long[]{restAfterWrapper, restLine};
    }

    private static final int REST_KEPT = 1024;
    private final StringBuilder restText = new StringBuilder();
    /** Members with a string, number, true, false or null value, then the object's '}': a list API's own ("has_more": false). */
    private static final java.util.regex.Pattern SCALAR_MEMBERS = java.util.regex.Pattern.compile(
            "(\\s*,\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*:\\s*(?:\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null))*\\s*}?\\s*");

    /** Whether all after the wrapped array is the object's scalar members: nothing that could be records was left. */
    boolean restIsScalarMembers() {
        if (tail != null) {
            return tail.restIsScalarMembers();
        }
        return restAfterWrapper <= REST_KEPT && SCALAR_MEMBERS.matcher(restText).matches();
    }
    private JsonElements tail;      // the records after a damaged one that ran to the end of the input (see resyncAtEnd)

    JsonElements(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** An element being scanned. */
    private final class Open {
        final long startLine;
        final int startCol;
        byte[] bytes = new byte[256];
        int len;
        boolean tooLong;
        byte[] stack = new byte[16];
        int depth;
        boolean inString;
        boolean escape;
        byte last;           // last significant byte outside strings
        String damage;
        boolean separated;   // a ',' followed it at the top level
        boolean properClose; // its closing bracket opened its line at its column, or sat on its first line
        boolean reopened;    // junk followed its close: it stays one (bad) element until the next separator
        long closeLine;      // the line its closing bracket is on
        boolean endedArray;  // a ']' right after it (same line) ended the array: junk of its own if a ',' follows
        boolean doubtfulEnd; // damaged, then a ']' on its closing line ended the array: its own if a closer at or right of its column follows
        boolean junk;        // not a record: data outside any record, or a scalar element of the array
        boolean closedByArrayEnd; // a ']' closed its '{' at its top level: the array's own end, the record cut short
        int memberCol = -1;  // column of the first line after its first one: deeper than startCol when it is indented
        Open gluedTo;        // opened on the closing line of this multi-line array record (no ',' between, or after its junk): see scan

        Open(long line, int col) {
            this.startLine = line;
            this.startCol = col;
        }

        void append(byte c) {
            if (tooLong) {
                return;
            }
            if (len == bytes.length) {
                if (len >= maxBytes) {
                    tooLong = true;
                    bytes = new byte[0];
                    len = 0;
                    return;
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min((long) len * 2, maxBytes));
            }
            bytes[len++] = c;
        }

        void push(byte c) {
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = c;
        }

        void damage(String why) {
            if (damage == null) {
                damage = why;
            }
        }

        Element element() {
            if (tooLong) {
                return new Element(new byte[0], 0, startLine, "record longer than " + (maxBytes >> 20)
                        + " MiB; skipped (raise --max-line-mb to read it)");
            }
            if (junk && isScalar(this)) {
                return new Element(bytes, len, startLine, "array element is not a JSON object (a record is an object)");
            }
            return new Element(bytes, len, startLine, damage);
        }
    }

    /** Whether a '[' opened the document and never closed (a cut file): the elements before the cut were read. */
    boolean arrayLeftOpen() {
        return tail != null ? tail.arrayLeftOpen() : inArray;
    }

    /** The next element, or null at the end of the input. */
    Element next() throws IOException {
        if (tail != null) {
            return tail.next();
        }
        while (ready == null) {
            int c = read();
            if (c < 0) {
                if (cur == null && prev != null && prev.closedByArrayEnd && prev.gluedTo == null && resyncAtEnd(prev)) {
                    prev = null;
                    break;
                }
                if (cur != null && prev == null && cur.gluedTo == null && resyncAtEnd(cur)) {
                    cur = null;
                    break;
                }
                if (cur != null) {
                    if (cur.depth > 0 || cur.inString) {
                        cur.damage("file ends inside this record (truncated?)");
                    }
                    ready = ownElement(cur);
                    cur = null;
                }
                if (prev != null) {
                    handOut(prev);
                    prev = null;
                }
                if (ready == null) {
                    return null;
                }
                break;
            }
            scan((byte) c);
        }
        Element e = ready;
        ready = null;
        return e;
    }

    /** The most places {@link #resyncAtEnd} tries: each costs a scan of the rest, so this bounds the time. */
    private static final int MAX_RESYNC_TRIES = 256;

    /**
     * An array element still open at the end of the input, where the line rules found no next record (a compact
     * one-line array, or a cut the syntax could still continue, like {@code "messages": [,} followed by a flush-left
     * record): it swallowed the records after its damage. Its kept bytes are searched for the first {@code ,{} from
     * which the rest reads as whole array elements up to the array's own ']' with nothing after it; the damaged record
     * ends before that ',' and the rest is read from there. A file really cut short has no such place (the rest ends
     * open), so it stays one truncated record.
     */
    private boolean resyncAtEnd(Open o) {
        if (!inArray || o.tooLong || !(o.depth > 0 || o.inString || o.closedByArrayEnd)) {
            return false;
        }
        byte[] b = o.bytes;
        int tries = 0;
        for (int i = 1; i < o.len && tries < MAX_RESYNC_TRIES; i++) {
            if (b[i] != '{') {
                continue;
            }
            int comma = i - 1;
            while (comma > 0 && (b[comma] == ' ' || b[comma] == '\t' || b[comma] == '\r' || b[comma] == '\n')) {
                comma--;
            }
            if (b[comma] != ',' || comma == 0) {
                continue;
            }
            tries++;
            try {
                if (!readsToTheArrayEnd(tailFrom(o, i))) {
                    continue;
                }
                tail = tailFrom(o, i);
            } catch (IOException e) {
                return false; // in memory: cannot happen
            }
            o.inString = false;
            if (o.closedByArrayEnd) {
                o.damage = null; // not the ']' it was said to be closed by: the array's end belongs to the rest
            }
            o.damage("malformed JSON: the record does not close before the next one opens at line " + tail.line);
            ready = new Element(b, comma, o.startLine, o.damage);
            return true;
        }
        return false;
    }

    /** A scanner over o's bytes from i on, inside the array, at the line and column where byte i stood. */
    private JsonElements tailFrom(Open o, int i) {
        byte[] b = o.bytes;
        JsonElements t = new JsonElements(new java.io.ByteArrayInputStream(Arrays.copyOfRange(b, i, o.len)), maxBytes);
        t.wrapped = wrapped;
        t.inArray = true;
        t.arraySeen = true;
        long nl = 0;
        int lastNl = -1;
        for (int k = 0; k < i; k++) {
            if (b[k] == '\n') {
                nl++;
                lastNl = k;
            }
        }
        t.line = o.startLine + nl;
        boolean blank = lastNl >= 0;
        for (int k = lastNl + 1; k < i && blank; k++) {
            blank = b[k] == ' ' || b[k] == '\t' || b[k] == '\r';
        }
        t.lineStart = blank;
        t.col = lastNl >= 0 ? i - lastNl - 1 : o.startCol + i;
        return t;
    }

    /** Whether t reads as whole elements, the first undamaged, up to the array's ']' with nothing after it. */
    private static boolean readsToTheArrayEnd(JsonElements t) throws IOException {
        Element first = t.next();
        if (first == null || first.damage() != null) {
            return false;
        }
        Element e;
        while ((e = t.next()) != null) {
            if (t.trailingData() || (e.damage() != null && e.damage().startsWith("file ends inside"))) {
                return false;
            }
        }
        return !t.arrayLeftOpen() && !t.trailingData();
    }

    private boolean trailingData() {
        return dataAfterArray || (tail != null && tail.trailingData());
    }

    private void handOut(Open o) {
        // only called when ready is free: each byte hands out at most one element (see scan)
        ready = o.element();
    }

    private void scan(byte c) {
        if (c == '\n') {
            line++;
            col = 0;
            lineStart = true;
            Open o = cur != null ? cur : null;
            if (o != null) {
                o.append(c);
                if (o.inString) { // pretty-printed JSON never breaks a string across lines
                    o.damage("malformed JSON: a string is not closed on line " + line(-1));
                    o.inString = false;
                    o.escape = false;
                }
            }
            return;
        }
        int u = c & 0xFF;
        if (c == ' ' || c == '\t' || c == '\r' || (lineStart && (cur == null || !cur.inString) && (u == 0xEF || u == 0xBB || u == 0xBF))) {
            // a byte order mark before a record is not even a space: it must not hide where the record opens
            col += u >= 0x80 ? 0 : 1;
            if (cur != null) {
                cur.append(c);
            }
            return;
        }
        if (prev != null && prev.doubtfulEnd && cur == null) {
            prev.doubtfulEnd = false;
            if (lineStart && (c == '}' || c == ']') && col >= Math.max(prev.startCol, wrapped ? 1 : 0)) {
                // the damaged record's own closers, at or right of its column (it closed early on a nested closer
                // mutated to "}  } ]"): the ']' was junk of that record and the array goes on; this closer is its junk
                // too (the array's real end is followed by nothing, another '[', or the wrapping object's members)
                inArray = true;
                prev.endedArray = false;
                prev.reopened = true;
                prev.separated = false;
                cur = prev;
                prev = null;
            } else if (!prev.endedArray) {
                ready = prev.element();
                prev = null;
            }
        }
        if (wrapped && arraySeen && !inArray && cur == null) {
            if (prev != null) { // the last record, closed with the array on its line
                ready = prev.element();
                prev = null;
            }
            if (c != '}' || closedWrapper) {
                restAfterWrapper++;
                restLine = restLine == 0 ? line : restLine;
                if (restText.length() < REST_KEPT) {
                    restText.append((char) (c & 0xff));
                }
            }
            closedWrapper = true;
            return; // the wrapping object's close or its other members
        }
        boolean atLineStart = lineStart;
        lineStart = false;
        int column = col++;
        if (atLineStart) {
            lineIndent = column;
            lineFirst = cur != null && cur.inString ? 0 : c;
        }
        if (cur != null && cur.inString) {
            cur.append(c);
            if (cur.escape) {
                cur.escape = false;
            } else if (c == '\\') {
                cur.escape = true;
            } else if (c == '"') {
                cur.inString = false;
            }
            return;
        }
        if (cur != null && atLineStart && (startsNextRecord(cur, c, column) || cutOneLineRecord(cur, c, column))) {
            cur.damage("malformed JSON: the record does not close before the next one opens at line " + line);
            Open damaged = cur;
            cur = null;
            if (c == '{') {
                startElement(c, column);
            } else {
                startJunk(c, atLineStart, column);
            }
            ready = ownElement(damaged);
            return;
        }
        if (cur != null && atLineStart && c == '}' && !cur.junk && cur.depth > 1 && cur.memberCol > cur.startCol
                && column == cur.startCol) {
            // a '}' opening a line at the column of an indented record's '{' is that record's close (what it nests
            // is deeper): the record was cut inside something it nests, and ends here ("}, {" or "} ]" follows)
            cur.damage("malformed JSON: the record is cut short: brackets still open where it closes on line " + line);
            cur.depth = 1;
        }
        if (cur != null && atLineStart && cur.memberCol < 0 && line != cur.startLine) {
            cur.memberCol = column;
        }
        if (cur != null) {
            inElement(cur, c, atLineStart, column);
            return;
        }
        // between elements
        if (prev != null && prev.endedArray) {
            prev.endedArray = false;
            if (c == ',') {
                // the ']' glued to the record was one of its own damages: the array goes on
                inArray = true;
                prev.damage("malformed JSON: unexpected ']' after the record's closing bracket on line " + prev.closeLine);
                prev.separated = true;
                return;
            }
            if (c == ']') { // the array's own end follows: the glued ']' was the record's
                prev.damage("malformed JSON: unexpected ']' after the record's closing bracket on line " + prev.closeLine);
                ready = prev.element();
                prev = null;
                return;
            }
            ready = prev.element();
            prev = null;
        }
        if (c == '[' && !inArray && arraySeen && prev == null) {
            inArray = true; // arrays one after another ("][", or each on its own lines): every one is read
            return;
        }
        if (arraySeen && !inArray) {
            dataAfterArray = true;
        }
        if (c == '[' && !inArray && prev == null && !arraySeen) {
            inArray = true;
            arraySeen = true;
            return;
        }
        if (c == ']' && inArray && endsArray(prev, atLineStart, column)) {
            inArray = false;
            if (prev != null && !atLineStart && line == prev.closeLine) {
                prev.endedArray = true; // decided by what follows: the end of the input, or a ','
                prev.doubtfulEnd = prev.damage != null;
            } else if (prev != null) {
                ready = prev.element();
                prev = null;
            }
            return;
        }
        if (c == ',' && prev != null && !prev.separated) {
            prev.separated = true;
            return;
        }
        if ((c == '{' || (c == '[' && inArray)) && opensRecord(prev, atLineStart, column)) {
            Open p = prev;
            prev = null;
            startElement(c, column);
            if (p != null && c == '{' && inArray && !p.separated && !atLineStart && line == p.closeLine && p.startLine != line) {
                // '{' glued to a pretty-printed record's close, no ',': a record of its own only if it closes
                // cleanly; damaged, it is junk of the record it is glued to (one bad element, not two)
                cur.gluedTo = p;
                return;
            }
            if (p != null && c == '{' && inArray && p.reopened && p.separated && !atLineStart && jacksonClose(p)) {
                // "}  }, {": junk after the record's close, then what looks like Jackson's next record. It is one only
                // if it closes where it opened (at the record's column); closing right of it, it was a nested object
                // of the record cut short by a mutated '}' (seed 20 log 257): junk of that one bad record
                cur.gluedTo = p;
                return;
            }
            if (p != null) {
                ready = p.element();
            }
            return;
        }
        // junk between elements: it belongs to the record it follows, unless that record closed properly and a
        // separator came first (then it is a record that lost its opening bracket). Junk on the record's closing
        // line is its own; after a damaged record, so is junk anywhere but where a record opens (a line starting at
        // or left of the record's column): a record that lost its '{' right after a damaged one cannot be told from
        // the damaged one going on. After a separator, a line at or left of an indented record's '{' starting with
        // anything but a closer or ',' opens the next element even if the record closed early (a '{' hidden in a
        // broken string): it cannot be one of that record's lines (see startsNextRecord).
        boolean whereARecordOpens = prev != null && atLineStart && column <= prev.startCol;
        boolean nextRecordsLine = whereARecordOpens && (prev.memberCol > prev.startCol || oneRecordPerLine())
                && c != '}' && c != ']' && c != ',';
        boolean scalarElement = inArray && prev != null && prev.separated
                && ((prev.junk && isScalar(prev)) || (prev.damage == null && prev.properClose && startsScalar(c)));
        if (prev != null && !scalarElement
                && (!prev.separated || (!prev.properClose && !nextRecordsLine) || line == prev.closeLine
                || (prev.damage != null && !whereARecordOpens))) {
            Open p = prev;
            prev = null;
            p.reopened = true;
            p.separated = false;
            p.damage("malformed JSON: unexpected data after the record's closing bracket on line " + line);
            cur = p;
            inElement(p, c, atLineStart, column);
            return;
        }
        Open p = prev;
        prev = null;
        startJunk(c, atLineStart, column);
        if (p != null) {
            ready = p.element();
        }
    }

    private void startJunk(byte c, boolean atLineStart, int column) {
        Open junk = new Open(line, column);
        junk.junk = true;
        junk.reopened = true;
        junk.damage("malformed JSON: data outside any record (not an object)");
        cur = junk;
        inElement(junk, c, atLineStart, column);
    }

    /**
     * The element an open record that ends damaged stands for: itself, or when it was glued to the close of the
     * record before it (see scan), that record, now damaged by the junk after its closing bracket.
     */
    private static Element ownElement(Open o) {
        if (o.gluedTo == null) {
            return o.element();
        }
        o.gluedTo.damage("malformed JSON: unexpected data after the record's closing bracket on line " + o.gluedTo.closeLine);
        return o.gluedTo.element();
    }

    /**
     * Whether a line starting with c at this column cannot belong to the open record o, so the next record starts
     * here and o was cut short. A '{' at or left of o's own '{' (see resyncHere). In a record whose members are
     * indented deeper than its '{' (pretty-printed), also a '{' left of its members (what a record nests is deeper
     * still), and a line at or left of its '{' starting with anything but a closing bracket or a ',': the next
     * record, which lost its '{' or has junk before it.
     */
    private static boolean startsNextRecord(Open o, byte c, int column) {
        boolean indented = o.memberCol > o.startCol;
        if (c == '{') {
            return column <= o.startCol ? resyncHere(o) : indented && column < o.memberCol;
        }
        return indented && column <= o.startCol && c != '}' && c != ']' && c != ',';
    }

    /** Every clean record so far opened and closed on one line (and there was one): a compact one-per-line document. */
    private boolean oneRecordPerLine() {
        return oneLineRecords > 0 && multiLineRecords == 0;
    }

    /**
     * In a document of one record per line, a record still open when a later line starts at or left of its '{' was
     * cut (JSON strings hold no raw line break): that line is the next element, even without its '{'.
     */
    private boolean cutOneLineRecord(Open o, byte c, int column) {
        return oneRecordPerLine() && !o.junk && line != o.startLine && o.memberCol < 0 && column <= o.startCol
                && c != '}' && c != ']' && c != ',';
    }

    /**
     * A ']' after a record ends the array only after a record that closed cleanly, or left of where records open:
     * after a damaged record it is one of that record's own brackets (a '[' inside a broken string was never seen).
     */
    private boolean endsArray(Open p, boolean atLineStart, int column) {
        return p == null || (p.damage == null && p.properClose) || (atLineStart && column < p.startCol)
                || (!p.separated && jacksonClose(p)); // "} ]": Jackson's close of the last record and the array
    }

    /**
     * A '{' after a record opens the next one unless that record is damaged or closed early (a bracket it opened was
     * hidden in a broken string): then only a '{' opening a line at or left of where it opened starts a new record.
     */
    private boolean opensRecord(Open p, boolean atLineStart, int column) {
        return p == null || (p.damage == null && p.properClose) || (atLineStart && column <= p.startCol)
                || (p.separated && jacksonClose(p))
                || (p.junk && p.separated && isScalar(p)); // "null, {": a scalar element, then a record
    }

    /**
     * Jackson's default pretty printer opens each record on the previous one's closing line: "}, {". In an indented
     * record (members deeper than its '{'), a line starting with '}' at or left of its '{' can only be a record's
     * close, so a '{' after its ',' opens the next record, even after a damaged record (which only a hidden bracket
     * could have closed early, and that never opens a line left of the members).
     */
    private boolean jacksonClose(Open p) {
        return p.memberCol > p.startCol && p.closeLine == line && p.closeLine != p.startLine
                && lineFirst == '}' && lineIndent <= p.startCol;
    }

    /** A '{' opening a line at or left of where the open element began: only a new record can start there. */
    private static boolean resyncHere(Open o) {
        if (o.damage != null || o.depth == 0 || o.startCol > 0 || o.memberCol > o.startCol) {
            return true; // indented records, or members indented deeper: whatever they nest is deeper, so this is the next record
        }
        // flush-left records: only where the syntax cannot take a '{' here
        byte top = o.stack[o.depth - 1];
        if (top == '{') {
            return o.last != ':';
        }
        return o.last != ',' && o.last != '[';
    }

    /** A scalar (null, true, false, a number, a string) standing alone as an element: one bad unit of its own. */
    private static final java.util.regex.Pattern SCALAR = java.util.regex.Pattern.compile(
            "\\s*(?:null|true|false|-?[0-9][0-9.eE+-]*|\"(?:[^\"\\\\]|\\\\.)*\")\\s*");

    private static boolean startsScalar(byte c) {
        return c == 'n' || c == 't' || c == 'f' || c == '-' || c == '"' || (c >= '0' && c <= '9');
    }

    private static boolean isScalar(Open o) {
        return !o.tooLong && o.len <= 4096 && SCALAR.matcher(new String(o.bytes, 0, o.len, java.nio.charset.StandardCharsets.ISO_8859_1)).matches();
    }

    private void startElement(byte c, int column) {
        // a record opened after "[ " or "}, " (Jackson's pretty printer) opens where its line does
        cur = new Open(line, Math.min(column, lineIndent));
        cur.append(c);
        cur.push(c);
        cur.last = c;
    }

    private void inElement(Open o, byte c, boolean atLineStart, int column) {
        if (o.depth == 0 && o.reopened) {
            // junk after a record: a separator ends it, the array's end ends it
            if (c == ',') {
                cur = null;
                o.separated = true;
                o.properClose = false;
                prev = o;
                return;
            }
            if (c == ']' && inArray && endsArray(o, atLineStart, column)) {
                cur = null;
                inArray = false;
                o.doubtfulEnd = true; // decided by what follows (see scan): a closer at or right of its column reopens the array
                prev = o;
                return;
            }
            if (c == '}' || c == ']') {
                o.append(c); // a stray closer: part of the junk
                o.last = c;
                return;
            }
        }
        o.append(c);
        switch (c) {
            case '"' -> o.inString = true;
            case '{', '[' -> o.push(c);
            case '}', ']' -> {
                byte open = o.stack[--o.depth];
                if ((open == '{') != (c == '}')) {
                    o.damage("malformed JSON: '" + (char) c + "' closes a '" + (char) open + "' on line " + line);
                    if (o.depth == 0 && c == ']' && inArray && !o.junk) {
                        o.closedByArrayEnd = true;
                    }
                }
                if (o.depth == 0) {
                    cur = null;
                    if (o.damage == null && !o.reopened && !o.junk) {
                        if (line == o.startLine) {
                            oneLineRecords++;
                        } else {
                            multiLineRecords++;
                        }
                    }
                    o.closeLine = line;
                    o.properClose = (atLineStart && column == o.startCol) || line == o.startLine;
                    o.separated = false;
                    prev = o;
                    if (o.gluedTo != null) {
                        Open g = o.gluedTo;
                        o.gluedTo = null;
                        if (o.damage == null && (o.properClose || !g.reopened)) {
                            ready = g.element(); // a whole record that only lacks its ',': both are read
                        } else {
                            g.damage("malformed JSON: unexpected data after the record's closing bracket on line " + g.closeLine);
                            g.closeLine = line;
                            g.properClose = false;
                            prev = g;
                        }
                    }
                }
            }
            default -> {
            }
        }
        o.last = c;
    }

    private long line(int delta) {
        return line + delta;
    }

    private int read() throws IOException {
        if (pos == lim) {
            if (eof) {
                return -1;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                return -1;
            }
            pos = 0;
            lim = n;
        }
        return buf[pos++] & 0xFF;
    }
}
