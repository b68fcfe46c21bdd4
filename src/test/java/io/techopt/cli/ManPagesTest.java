package io.techopt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: there were no man pages. One per command and subcommand (picocli-codegen's ManPageGenerator writes the
 * AsciiDoc, Debian's asciidoctor renders it to roff), each naming every option of its command.
 */
class ManPagesTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandAndSubcommandHasAPageNamingEachOfItsOptions() {
        Map<String, String> pages = Completions.manPages();
        List<Completions.Cmd> commands = commands();
        assertEquals(commands.stream().map(c -> String.join("-", c.path()) + ".adoc").toList(), List.copyOf(pages.keySet()));
        assertTrue(pages.containsKey("techopt-analyze-logs.adoc") && pages.containsKey("techopt-cache-warm-calibrate.adoc"), pages.keySet().toString());
        assertTrue(pages.keySet().stream().noneMatch(p -> p.contains("generate-completion")), "hidden maintenance command: " + pages.keySet());
        for (Completions.Cmd c : commands) {
            String page = pages.get(String.join("-", c.path()) + ".adoc");
            assertTrue(page.contains("= " + String.join("-", c.path()) + "(1)"), c.path().toString());
            for (var o : c.options()) {
                for (String name : o.names()) {
                    assertTrue(page.contains("*" + name + "*"), c.path() + " does not name " + name);
                }
            }
        }
        String root = pages.get("techopt.adoc");
        assertTrue(root.contains("== Exit status") && root.contains("bad input under --strict"), root);
        assertTrue(pages.get("techopt-cost-forecast.adoc").contains("== Budget file (YAML)"), "cost-forecast's footer");
    }

    /** picocli prints a WARN (and mangles the text) for a lone % in a description: ManPageGenerator formats it too. */
    @Test
    void generatingThePagesAndScriptsPrintsNoPicocliWarning() {
        java.io.PrintStream oldErr = System.err, oldOut = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        Map<String, String> pages;
        try {
            pages = Completions.manPages();
            Completions.bash();
            Completions.zsh();
            Completions.fish();
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
        assertTrue(pages.get("techopt-cost-forecast.adoc").contains("with 80% and 95% intervals"), "%% printed as %");
    }

    @Test
    void everyPageRendersToRoffThatManReads() throws Exception {
        Programs.require("asciidoctor");
        List<String> render = new ArrayList<>(List.of("asciidoctor", "--failure-level", "WARN", "-b", "manpage", "-D", tmp.toString()));
        for (Map.Entry<String, String> page : Completions.manPages().entrySet()) {
            render.add(Files.writeString(tmp.resolve(page.getKey()), page.getValue()).toString());
        }
        Run asciidoctor = run(render, Map.of());
        assertEquals(0, asciidoctor.code(), asciidoctor.out());
        assertEquals("", asciidoctor.out(), "asciidoctor warned");
        for (Completions.Cmd c : commands()) {
            String name = String.join("-", c.path());
            Path roff = tmp.resolve(name + ".1");
            String source = Files.readString(roff);
            assertTrue(source.contains(".TH \"" + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" \"1\""), name + ":\n" + source);
            String text;
            if (Programs.installed("man")) {
                Run man = run(List.of("man", "-l", roff.toString()), Map.of("MANWIDTH", "200", "MAN_KEEP_FORMATTING", ""));
                assertEquals(0, man.code(), man.out());
                text = man.out();
            } else if (Programs.installed("groff")) {
                Run groff = run(List.of("groff", "-k", "-man", "-Tutf8", "-P-cbou", "-rLL=200n", roff.toString()), Map.of());
                assertEquals(0, groff.code(), groff.out());
                text = groff.out();
            } else {
                continue; // the roff header above is all that can be checked
            }
            if (Programs.installed("groff")) {
                Run warnings = run(List.of("groff", "-k", "-man", "-ww", "-z", "-Tutf8", roff.toString()), Map.of());
                assertEquals("", warnings.out(), name + ": groff warns");
            }
            String plain = text.replaceAll(".\b", "").replaceAll("[\u2010\u2011\u2012\u2013\u2212]", "-");
            assertTrue(plain.contains("NAME") && plain.contains(name + " - "), name + ":\n" + plain);
            for (var o : c.options()) {
                for (String option : o.names()) {
                    assertTrue(plain.contains(option), name + " does not name " + option + ":\n" + plain);
                }
            }
        }
    }

    private static List<Completions.Cmd> commands() {
        List<Completions.Cmd> all = new ArrayList<>();
        collect(Completions.tree(Main.commandLine()), all);
        return all;
    }

    private static void collect(Completions.Cmd c, List<Completions.Cmd> all) {
        all.add(c);
        c.subs().forEach(s -> collect(s, all));
    }

    private record Run(int code, String out) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), out);
    }
}
