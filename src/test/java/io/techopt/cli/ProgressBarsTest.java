package io.techopt.cli;

import io.techopt.core.RedactingWriter;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: a progress bar (percent, rate, ETA) on a terminal only; a CI log, TERM=dumb and a file get no carriage return
 * or escape, only one summary line at the end; -q nothing.
 */
class ProgressBarsTest {
    @Test
    void onATerminalALongStepDrawsABarWithPercentRateAndEtaThenOneLineSayingWhatItDid() throws Exception {
        StringWriter sink = new StringWriter();
        PrintWriter err = RedactingWriter.forMessages(sink);
        ProgressBars p = new ProgressBars(err, ProgressBars.Mode.BARS, "analyze", 100);
        p.bytes("reading big.jsonl", 0, 10_000_000);
        for (int i = 1; i <= 10; i++) {
            Thread.sleep(100);
            p.bytes("reading big.jsonl", i * 500_000L, 10_000_000);
        }
        Thread.sleep(400); // the bar redraws every 250 ms
        String drawn = sink.toString();
        assertTrue(drawn.contains("\r"), "a bar redraws its line:\n" + drawn);
        assertTrue(drawn.contains("\u001b[K"), drawn);
        assertTrue(drawn.matches("(?s).*reading big\\.jsonl\\s+\\d+%.*"), "task and percent:\n" + drawn);
        assertTrue(drawn.contains(" MB/s"), "rate:\n" + drawn);
        assertTrue(drawn.matches("(?s).*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), "elapsed / ETA:\n" + drawn);
        p.at("embedding prompts (minilm)", 0, 100); // the next step ends the first: its bar gives way to a line
        String afterStep = sink.toString();
        assertTrue(afterStep.contains("\r\u001b[Ktechopt: reading big.jsonl: 5.0 MB in "), afterStep);
        assertTrue(afterStep.contains(" MB/s)\n"), afterStep);
        p.finish(true);
        String all = sink.toString();
        assertFalse(all.contains("embedding prompts"), "a step shorter than half a second draws nothing:\n" + all);
    }

    @Test
    void aStepThatReachesItsTotalEndsItsBarAtOnceAndALongNameIsShortened() throws Exception {
        StringWriter sink = new StringWriter();
        ProgressBars p = new ProgressBars(RedactingWriter.forMessages(sink), ProgressBars.Mode.BARS, "route-sim", 90);
        String stage = "kNN router (" + "x".repeat(80) + ")";
        p.at(stage, 0, 100);
        Thread.sleep(600);
        p.at(stage, 50, 100);
        Thread.sleep(400);
        String drawing = sink.toString();
        assertTrue(java.util.regex.Pattern.compile("\rkNN router \\(x{3,}…x{3,}\\) +50% ").matcher(drawing).find(),
                "a 93-character name is cut to 30 in the bar, in its middle:\n" + drawing);
        assertFalse(drawing.contains("x".repeat(20)), drawing);
        p.at(stage, 100, 100);
        String done = sink.toString();
        assertTrue(done.endsWith("\r\u001b[Ktechopt: " + stage + ": " + done.substring(done.lastIndexOf(": 100 of 100 in ") + 2)),
                "the line is written when the step reaches its total, not later:\n" + done);
        assertTrue(done.contains(": 100 of 100 in "), done);
        Thread.sleep(400);
        p.finish(true);
        assertEquals(done, sink.toString(), "nothing more: the bar was closed");
    }

    @Test
    void offATerminalNothingButOneSummaryLineWithNoCarriageReturnOrEscape() throws Exception {
        StringWriter sink = new StringWriter();
        PrintWriter err = RedactingWriter.forMessages(sink);
        ProgressBars p = new ProgressBars(err, ProgressBars.Mode.SUMMARY, "route-sim", 79);
        System.setProperty(ProgressBars.SUMMARY_AFTER_PROPERTY, "0");
        try {
            p.at("counting tokens", 0, 10);
            p.at("counting tokens", 10, 10);
            for (int i = 0; i <= 5; i++) {
                Thread.sleep(120);
                p.at("kNN router (hash)", i * 200, 1000);
            }
            assertEquals("", sink.toString(), "nothing while it runs");
            p.finish(true);
        } finally {
            System.clearProperty(ProgressBars.SUMMARY_AFTER_PROPERTY);
        }
        String out = sink.toString();
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.matches("techopt: route-sim: counting tokens 10 of 10 in (?:\\d\\.\\d s|< 1 ms|\\d{1,2} ms).*; kNN router \\(hash\\) 1,000 of 1,000 in 0\\.\\d s "
                + "\\(\\d[\\d,]*/s\\); \\d\\.\\d s in all\n"), out);
        assertFalse(out.contains("\r") || out.contains("\u001b"), out);
    }

    @Test
    void aLogReadTwiceIsTwoStepsAndManyStepsStayOneShortLine() {
        StringWriter sink = new StringWriter();
        ProgressBars p = new ProgressBars(RedactingWriter.forMessages(sink), ProgressBars.Mode.SUMMARY, "ingest", 79);
        System.setProperty(ProgressBars.SUMMARY_AFTER_PROPERTY, "0");
        try {
            for (int round = 0; round < 2; round++) {
                p.bytes("reading a.jsonl", 0, 2_000_000);
                p.bytes("reading a.jsonl", 2_000_000, 2_000_000);
            }
            p.bytes("reading a.jsonl", 1_500_000, 2_000_000); // a late report from another thread is no new step
            for (int i = 0; i < 20; i++) {
                p.bytes("reading log" + i + ".jsonl", 0, 1_000_000);
                p.bytes("reading log" + i + ".jsonl", 1_000_000, 1_000_000);
            }
            p.finish(true);
        } finally {
            System.clearProperty(ProgressBars.SUMMARY_AFTER_PROPERTY);
        }
        String out = sink.toString();
        assertEquals(1, out.lines().count(), out);
        String ms = "(?:< 1|\\d{1,2}) ms";
        assertTrue(out.matches("techopt: ingest: reading a\\.jsonl 2\\.0 MB in " + ms + "; reading a\\.jsonl 2\\.0 MB in " + ms
                + "; reading log0\\.jsonl 1\\.0 MB(?s).*"), out);
        assertTrue(out.matches("(?s).*; reading log4\\.jsonl 1\\.0 MB in " + ms + "; 15 more steps in " + ms + "; " + ms + " in all\n"), out);
    }

    /**
     * Review r22 L4: "warming ... in 0.0 s", "(0.0 MB/s)", "(0/s)": a time under 0.1 s is said in milliseconds, a rate
     * with two significant digits at least.
     */
    @Test
    void shortStepsAndSlowRatesKeepTheirFigures() {
        assertEquals("< 1 ms", ProgressBars.duration(400_000L));
        assertEquals("45 ms", ProgressBars.duration(45_200_000L));
        assertEquals("0.1 s", ProgressBars.duration(100_000_000L));
        assertEquals("40.2 s", ProgressBars.duration(40_200_000_000L));
        assertEquals("2 min 3 s", ProgressBars.duration(123_000_000_000L));
        assertEquals("0.5", ProgressBars.rate(0.4975));
        assertEquals("0.028", ProgressBars.rate(0.02777));
        assertEquals("3.2", ProgressBars.rate(3.24));
        assertEquals("12.7", ProgressBars.rate(12.71));
        assertEquals("1,667", ProgressBars.rate(1666.7));
        assertEquals("0", ProgressBars.rate(0));
    }

    @Test
    void aQuickRunOffATerminalPrintsNoSummary() {
        StringWriter sink = new StringWriter();
        ProgressBars p = new ProgressBars(RedactingWriter.forMessages(sink), ProgressBars.Mode.SUMMARY, "analyze", 79);
        p.bytes("reading small.jsonl", 0, 100);
        p.bytes("reading small.jsonl", 100, 100);
        p.finish(true);
        assertEquals("", sink.toString(), "a run of less than 2 s keeps stderr as it was");
    }

    @Test
    void quietDumbTerminalsAndPipesChooseTheirMode() {
        assertEquals(ProgressBars.Mode.BARS, ProgressBars.mode(false, true, "xterm-256color"));
        assertEquals(ProgressBars.Mode.SUMMARY, ProgressBars.mode(false, true, "dumb"), "TERM=dumb never gets \\r\\e[K");
        assertEquals(ProgressBars.Mode.SUMMARY, ProgressBars.mode(false, false, "xterm"));
        assertEquals(ProgressBars.Mode.SILENT, ProgressBars.mode(true, true, "xterm"));
        StringWriter sink = new StringWriter();
        ProgressBars quiet = new ProgressBars(RedactingWriter.forMessages(sink), ProgressBars.Mode.SILENT, "analyze", 79);
        quiet.at("kNN", 0, 10);
        quiet.at("kNN", 10, 10);
        quiet.finish(true);
        assertEquals("", sink.toString());
    }

    @Test
    void aWarningWhileABarIsDrawnErasesTheBarFirst() throws Exception {
        StringWriter sink = new StringWriter();
        PrintWriter err = RedactingWriter.forMessages(sink);
        RedactingWriter.progress(err, "reading  40% [####      ]");
        err.println("techopt: warning: something");
        assertEquals("\rreading  40% [####      ]\u001b[K\r\u001b[Ktechopt: warning: something\n", sink.toString());
    }
}
