package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every html report kind opened in a real browser (Debian's chromium, headless, through the system chromedriver; never
 * a driver Selenium Manager would download) at 1280x800 and 1920x1080: the page never scrolls sideways, no text
 * overflows its table cell, no table row is taller than three lines, every chart has its axes (at least four tick
 * labels on a value or time axis, a title on each), a legend that is not cut, no chart text outside the chart, and the headline is the first thing under the
 * title; the same on a log of long, unbreakable and markup-like names. A full-page screenshot of each goes to
 * {@code target/screenshots/<kind>-<w>x<h>.png} for a person to look at.
 * bin/test installs chromium and chromium-driver; without them the test is skipped with the reason, and fails under CI.
 */
class HtmlReportsInABrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String SAMPLE = "samples/requests.jsonl.gz";
    static final List<int[]> SIZES = List.of(new int[]{1280, 800}, new int[]{1920, 1080});

    static ChromeDriverService service;
    static ChromeDriver browser;
    static Path reports;

    @BeforeAll
    static void openTheBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + " (apt-get install chromium chromium-driver; bin/test does)";
            TestSupport.needs(false, "HtmlReportsInABrowserTest: " + why);
        }
        reports = Files.createTempDirectory("html-reports");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-US");
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (reports != null) {
            try (var files = Files.walk(reports)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Every report kind with html output, on the bundled sample or a slice of ../shared/data. */
    static Map<String, List<String>> kinds() {
        String[] oneDay = {"--since", "2026-10-05", "--until", "2026-10-06"};
        Map<String, List<String>> k = new LinkedHashMap<>();
        k.put("analyze", List.of("analyze", SAMPLE));
        k.put("analyze-change", List.of("analyze", SAMPLE, "--since", "2026-10-16", "--until", "2026-10-31",
                "--compare-to", "2026-10-01..2026-10-16"));
        k.put("analyze-latency", List.of("analyze", "src/test/resources/ingest/otlp_agent_trace.jsonl"));
        k.put("budget", with(oneDay, "budget", SAMPLE));
        k.put("compress", with(oneDay, "compress", SAMPLE, "--rate", "0.6"));
        k.put("ab-report", List.of("ab-report", SAMPLE, "--experiment", "support-prompt-v2", "--weights", "control=0.5,treatment=0.5"));
        k.put("cost-forecast", List.of("cost-forecast", SAMPLE));
        k.put("cache-warm-calibrate", List.of("cache-warm", "calibrate", "--pairs",
                TestSupport.shared("data/gptcache-qqp/similiar_qqp_full.json").toString(), "--limit", "200", "--seed", "3",
                "--embedder", "hash"));
        k.put("cache-warm-simulate", with(oneDay, "cache-warm", "simulate", SAMPLE, "--embedder", "hash"));
        k.put("cache-warm", with(oneDay, "cache-warm", SAMPLE, "--dry-run", "--embedder", "hash"));
        k.put("route-sim", List.of("route-sim", SAMPLE));
        k.put("route-sim-matrix", List.of("route-sim", "--matrix",
                TestSupport.shared("data/routellm/mmlu_responses/mmlu_astronomy.csv").toString(), "--embedder", "hash"));
        k.put("ingest", List.of("ingest", SAMPLE, "--store", "STORE"));
        k.put("analyze-long-names", List.of("analyze", "LONG_NAMES", "--group-by", "team+model"));
        // a budget far above the spend (its legend entry is the longest), Bedrock/Vertex model names, long variant names
        k.put("cost-forecast-budget", List.of("cost-forecast", SAMPLE, "--budget", "BIG_BUDGET"));
        k.put("route-sim-provider-names", List.of("route-sim", "PROVIDER_NAMES"));
        k.put("ab-report-long-variants", List.of("ab-report", "LONG_VARIANTS", "--experiment", "support-prompt-v2"));
        return k;
    }

    static List<String> with(String[] tail, String... head) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(tail));
        return a;
    }

    /**
     * The checks, run in the page: a list of what is wrong, empty when nothing is. Charts mark their axes
     * ({@code g.axis} with {@code data-axis} x|y and {@code data-scale} value|time|category, tick labels
     * {@code text.tick}, the title {@code text.axis-title}) and their legend ({@code g.legend}); {@code data-series} on
     * the svg says how many series it draws.
     */
    static final String CHECKS = """
            const out = [], W = window.innerWidth, de = document.documentElement;
            if (de.scrollWidth > W) out.push('the page scrolls sideways: scrollWidth ' + de.scrollWidth + ' > innerWidth ' + W);
            const near = el => { let h = el; while (h && !/^H[12]$/.test(h.tagName)) h = h.previousElementSibling || h.parentElement; return h ? h.textContent : '?'; };
            document.querySelectorAll('td,th').forEach(c => {
              if (c.scrollWidth > c.clientWidth + 1) out.push('text overflows its cell in "' + near(c.closest('table').parentElement) + '": "'
                  + c.textContent.slice(0, 50) + '" (' + c.scrollWidth + ' > ' + c.clientWidth + ' px)');
            });
            document.querySelectorAll('tbody tr').forEach(r => {
              const h = r.getBoundingClientRect().height;
              if (h > 72) out.push('a row ' + Math.round(h) + ' px tall (over three lines) in "' + near(r.closest('table').parentElement) + '": "' + r.textContent.slice(0, 40) + '"');
            });
            document.querySelectorAll('table').forEach(t => {
              const box = t.parentElement;
              if (box.scrollWidth > box.clientWidth + 1) out.push('table "' + near(box) + '" scrolls sideways (' + box.scrollWidth + ' > ' + box.clientWidth + ' px)');
            });
            const inside = (r, b) => r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5;
            const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
            document.querySelectorAll('svg').forEach(svg => {
              const name = '"' + svg.getAttribute('aria-label') + '"', box = svg.getBoundingClientRect();
              if (box.right > W) out.push(name + ': the chart ends off-screen');
              svg.querySelectorAll('text').forEach(t => {
                if (t.textContent.trim() && !inside(t.getBoundingClientRect(), box)) out.push(name + ': text cut at the chart edge: "' + t.textContent + '"');
                if (t.textContent.includes('\\u2026')) out.push(name + ': text cut with an ellipsis: "' + t.textContent + '"');
              });
              const axes = [...svg.querySelectorAll('g.axis')];
              for (const a of ['x', 'y']) if (!axes.some(g => g.dataset.axis === a)) out.push(name + ': no ' + a + ' axis');
              axes.forEach(g => {
                const ticks = [...g.querySelectorAll('text.tick')], label = name + ' ' + g.dataset.axis + ' axis';
                if (g.dataset.scale !== 'category' && ticks.length < 4) out.push(label + ': ' + ticks.length + ' tick labels (want >= 4)');
                if (g.dataset.scale === 'category' && ticks.length < 1) out.push(label + ': no category labels');
                const title = g.querySelector('text.axis-title');
                if (!title || !title.textContent.trim()) out.push(label + ': no axis title');
                const r = ticks.map(t => t.getBoundingClientRect());
                for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                  if (overlap(r[i], r[j])) out.push(label + ': tick labels overlap: "' + ticks[i].textContent + '" and "' + ticks[j].textContent + '"');
              });
              const series = +(svg.dataset.series || 1), legend = svg.querySelector('g.legend');
              if (series > 1 && !legend) out.push(name + ': ' + series + ' series and no legend');
              if (legend) {
                const entries = [...legend.querySelectorAll('text')];
                if (entries.length < series) out.push(name + ': legend shows ' + entries.length + ' of ' + series + ' series');
                const r = entries.map(t => t.getBoundingClientRect());
                for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                  if (overlap(r[i], r[j])) out.push(name + ': legend entries overlap: "' + entries[i].textContent + '"');
              }
            });
            const h1 = document.querySelector('body > h1'), first = h1 && h1.nextElementSibling;
            if (!first || !first.classList.contains('headline') || !first.textContent.trim()) out.push('the headline is not the first thing under the title: ' + (first ? first.outerHTML.slice(0, 80) : 'nothing'));
            else if (first.getBoundingClientRect().top > window.innerHeight / 2) out.push('the headline starts below the middle of the first screen');
            return out;
            """;

    @Test
    void everyReportKindReadsWellInABrowserAtBothSizes() throws IOException {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        List<String> problems = new ArrayList<>();
        Path longNames = longNames();
        Map<String, Path> inputs = Map.of("LONG_NAMES", longNames, "BIG_BUDGET", bigBudget(), "PROVIDER_NAMES",
                sampleWith("provider-names.jsonl", "\"model\":\"claude-sonnet-4-20250514\"",
                        "\"model\":\"bedrock/anthropic.claude-sonnet-4-20250514-v1:0\"",
                        "\"model\":\"gemini-2.5-flash\"", "\"model\":\"vertex_ai/gemini-2.5-flash\""),
                "LONG_VARIANTS", sampleWith("long-variants.jsonl", "\"variant\":\"treatment\"",
                        "\"variant\":\"treatment-with-a-very-long-descriptive-variant-name-gpt-4o-mini-and-compression\""));
        int pages = 0;
        for (Map.Entry<String, List<String>> kind : kinds().entrySet()) {
            Path html = reports.resolve(kind.getKey() + ".html");
            List<String> args = new ArrayList<>(kind.getValue().stream()
                    .map(a -> a.equals("STORE") ? reports.resolve("store-" + kind.getKey()).toString()
                            : inputs.containsKey(a) ? inputs.get(a).toString() : a).toList());
            args.addAll(List.of("--format", "html", "--out", html.toString(), "--quiet"));
            TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
            assertEquals(0, run.code(), kind.getKey() + ": " + run.err());
            problems.addAll(check(html, kind.getKey(), shots));
            pages += SIZES.size();
        }
        assertEquals(kinds().size() * SIZES.size(), pages);
        // -Dtechopt.htmlDir=DIR: every html file there checked the same way too (a report of your own, a bigger log)
        String extra = System.getProperty("techopt.htmlDir");
        if (extra != null) {
            try (var files = Files.list(Path.of(extra))) {
                for (Path html : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                    String name = html.getFileName().toString().replaceFirst("\\.html$", "");
                    problems.addAll(check(html, name, shots));
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /** The problems CHECKS finds in one page at each size, each screenshot written as {@code <name>-<w>x<h>.png}. */
    static List<String> check(Path html, String name, Path shots) throws IOException {
        List<String> problems = new ArrayList<>();
        for (int[] size : SIZES) {
            browser.manage().window().setSize(new Dimension(size[0], size[1]));
            browser.get(html.toUri().toString());
            long inner = (Long) browser.executeScript("return window.innerWidth");
            assertEquals(size[0], inner, "the window is " + size[0] + " px wide inside");
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) browser.executeScript(CHECKS);
            String at = name + " at " + size[0] + "x" + size[1] + ": ";
            found.forEach(f -> problems.add(at + f));
            screenshot(shots.resolve(name + "-" + size[0] + "x" + size[1] + ".png"), size[0]);
        }
        return problems;
    }

    /**
     * A log whose names a page must not let push it sideways: a 120-character model name with no place to break, markup,
     * CJK, a team named like a script, a user name of 80 accented letters.
     */
    static Path longNames() throws IOException {
        Path log = reports.resolve("long-names.jsonl");
        StringBuilder b = new StringBuilder();
        for (String model : List.of("m".repeat(120), "<b>bold</b>&amp;", "模型-中文-非常长的名字-测试-2026",
                "provider/" + "very-long-model-name-".repeat(4), "gpt-4o-mini")) {
            for (int day = 1; day <= 3; day++) {
                b.append(String.format("{\"timestamp\":\"2026-10-0%dT10:00:00Z\",\"model\":\"%s\",\"user\":\"u%s\","
                                + "\"team\":\"<script>alert(1)</script>\",\"usage\":{\"input_tokens\":123456789,\"output_tokens\":100}}%n",
                        day, model, "\u00e9".repeat(80)));
            }
        }
        Files.writeString(log, b.toString());
        return log;
    }

    /** A monthly budget some 2000 times the sample's spend, with cents: the longest legend entry a forecast draws. */
    static Path bigBudget() throws IOException {
        return Files.writeString(reports.resolve("big-budget.yaml"), "budgets:\n  - {scope: total, monthly_usd: 12345.67}\n");
    }

    /** The bundled sample with each (from, to) pair of strings replaced, as {@code name} in the reports folder. */
    static Path sampleWith(String name, String... fromTo) throws IOException {
        String text;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(SAMPLE)))) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (int i = 0; i < fromTo.length; i += 2) {
            String before = text;
            text = text.replace(fromTo[i], fromTo[i + 1]);
            assertTrue(!text.equals(before), "the sample has no " + fromTo[i]);
        }
        return Files.writeString(reports.resolve(name), text);
    }

    /** The whole page, not only the first screen: what a person scrolling through it sees. */
    static void screenshot(Path png, int width) throws IOException {
        long height = (Long) browser.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    }
}
