package io.techopt.report;

import io.techopt.core.Printable;
import io.techopt.core.Redactor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The one writer of every CSV techopt produces: RFC 4180 quoting (commons-csv; LF line ends, which every
 * spreadsheet reads) and OWASP's CSV-injection guard. Text that a spreadsheet would evaluate, because it starts
 * (after blanks or quotes) with {@code = + - @}, a tab or a carriage return, gets a leading apostrophe, so the
 * value shows as typed and nothing runs. Numbers the tool computed ({@link Number} cells) are written as plain
 * numbers, negative ones included; any {@link String} is text, wherever it came from. Control, bidi and zero-width
 * characters in text are written as their {@link Printable} escapes: a line feed inside a quoted cell is legal
 * RFC 4180, but a spreadsheet shows it as a row that is not there.
 */
public final class CsvWriter {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.MINIMAL).get();

    private final CSVPrinter printer;

    public CsvWriter(Appendable out) {
        try {
            this.printer = new CSVPrinter(out, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One record; a null cell is empty, a Number is numeric ({@link Fmt#raw}), anything else is escaped, guarded text. */
    public void row(List<?> cells) throws IOException {
        String[] values = new String[cells.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(cells.get(i));
        }
        printer.printRecord(Arrays.asList(values));
    }

    public void row(Object... cells) throws IOException {
        row(Arrays.asList(cells));
    }

    /** A blank line (between the tables of a multi-table report). */
    public void blankLine() throws IOException {
        printer.println();
    }

    public void flush() throws IOException {
        printer.flush();
    }

    /** The cell's content before RFC 4180 quoting: numbers plain, text redacted, made inert, then escaped ({@link Printable}: a leading tab or CR still earns the apostrophe). */
    static String value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number) {
            return Fmt.raw(v);
        }
        return Printable.escape(inert(Redactor.redact(v.toString())));
    }

    /** Text with a leading apostrophe when a spreadsheet would take it for a formula (OWASP CSV injection). */
    public static String inert(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\r' || isFormulaStart(c)) {
                return "'" + s;
            }
            // format characters (byte order mark, zero-width space/joiners, word joiner, bidi marks) are invisible: skip them like spaces
            if (!(Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT || c == '"' || c == '\'')) {
                return s;
            }
        }
        return s;
    }

    private static boolean isFormulaStart(char c) {
        // ASCII and their full-width forms, which some spreadsheets normalise
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\uFF1D' || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20';
    }
}
