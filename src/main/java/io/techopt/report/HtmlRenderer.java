package io.techopt.report;

import io.techopt.report.svg.Charts;
import io.techopt.report.svg.Svg;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;

/**
 * One self-contained HTML file: one inline stylesheet and inline SVG charts, no script and no outside resource, so it
 * opens offline and can be mailed as it is. The report's first summary is its headline, right under the title (a
 * verdict shown as a coloured badge); tables fit a 1280 px window (compact numbers with the exact value as a tooltip,
 * names never wrapped, long text wrapped in its cell with the whole text as a tooltip); the charts are drawn by the
 * {@code svg} package ({@link Charts}).
 */
public final class HtmlRenderer extends TextRenderer {
    /** The shared stylesheet; colours from Okabe-Ito's colour-blind-safe palette, as in the charts. */
    static final String CSS = """
            :root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--blue:#0072B2;--good:#009E73;--bad:#D55E00}
            *{box-sizing:border-box}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:1500px;color:var(--ink);padding:0 1.25rem}
            h1{font-size:1.6rem;margin:0 0 .6rem}h2{font-size:1.1rem;margin:1.8rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
            .headline{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:.6rem 1rem .8rem}
            .headline h2{margin:.2rem 0 .5rem;border:0;padding:0}
            .headline dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:.5rem 1.2rem;margin:0}
            .headline dl div{min-width:0}.headline dt{color:var(--muted);font-size:12px}.headline dd{margin:0;font-size:15px;font-weight:600;overflow-wrap:anywhere}
            .headline .verdict{grid-column:1/-1}.headline .verdict dd{font-size:18px}
            .badge{display:inline-block;padding:.1rem .6rem;border-radius:4px;color:#fff;background:var(--muted)}
            .badge.good{background:var(--good)}.badge.bad{background:var(--bad)}
            table{border-collapse:collapse;margin:.4rem 0;font-variant-numeric:tabular-nums;font-size:13px}
            th,td{padding:.25rem .55rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
            th{background:var(--soft);font-weight:600;vertical-align:bottom}
            td.n,th.n{text-align:right}td{white-space:nowrap}td.long{white-space:normal;min-width:16em;max-width:40em;overflow-wrap:anywhere}
            td.long span{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden}
            table.wide{font-size:12px}table.wide th,table.wide td{padding:.2rem .3rem}
            .scroll{overflow-x:auto}
            ul{padding-left:1.2rem}li{margin:.15rem 0}h1,h2,li{overflow-wrap:anywhere}svg{max-width:100%;height:auto;display:block}
            .bar{fill:var(--blue)}.line{fill:none;stroke:var(--blue);stroke-width:2}.area{fill:var(--blue);opacity:.15}
            .axis-line{stroke:#6e7781;stroke-width:1}.grid{stroke:#eaeef2;stroke-width:1}.zero{stroke:#6e7781;stroke-width:1.5}
            .gap{fill:#eaeef2;opacity:.7}
            .tick,.lbl{font-size:11px;fill:var(--muted)}.axis-title{font-size:12px;fill:var(--ink)}.val,.pt{font-size:11px;fill:var(--ink)}
            .pt{font-weight:600}.target{stroke:#000;stroke-width:1.5;stroke-dasharray:5 3}
            """;
    /** Summary labels whose value is a verdict, drawn as a badge first in the headline. */
    static final Set<String> VERDICTS = Set.of("Recommendation", "Verdict", "Decision");
    /** Text longer than this wraps in its cell and carries its whole text as a tooltip. */
    static final int LONG = 40;

    @Override
    protected void draw(ReportView v, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(v.title()) + "</title><style>" + CSS + "</style></head><body>\n");
        out.write("<h1>" + esc(v.title()) + "</h1>\n");
        boolean headline = true;
        for (ReportView.Block b : v.blocks()) {
            if (b instanceof ReportView.Summary s && headline) {
                headline(s, out);
            } else if (b instanceof ReportView.Summary s) {
                if (s.title() != null) {
                    out.write("<h2>" + esc(s.title()) + "</h2>\n");
                }
                out.write("<table class=\"summary\">");
                for (ReportView.Item i : s.items()) {
                    out.write("<tr><td>" + esc(i.label()) + "</td>" + cell(i.value(), i.kind(), false) + "</tr>");
                }
                out.write("</table>\n");
            } else if (b instanceof ReportView.Table t) {
                table(t, out);
            } else if (b instanceof ReportView.Notes n) {
                out.write("<h2>" + esc(n.title()) + "</h2>\n<ul>");
                for (String line : n.lines()) {
                    out.write("<li>" + esc(line) + "</li>");
                }
                out.write("</ul>\n");
            } else {
                Charts.Figure f = Charts.of(b);
                out.write("<h2>" + esc(f.title()) + "</h2>\n");
                out.write(f.svg());
            }
            headline = false;
        }
        out.write("</body></html>\n");
    }

    /** The first summary as the headline: a verdict first as a badge, then each figure as a label over its value. */
    private static void headline(ReportView.Summary s, Writer out) throws IOException {
        out.write("<section class=\"headline\">" + (s.title() == null ? "" : "<h2>" + esc(s.title()) + "</h2>") + "<dl>");
        for (ReportView.Item i : s.items()) {
            if (VERDICTS.contains(i.label())) {
                String verdict = Fmt.human(i.value(), i.kind());
                out.write("<div class=\"verdict\"><dt>" + esc(i.label()) + "</dt><dd><span class=\"badge " + tone(verdict) + "\">"
                        + esc(verdict) + "</span></dd></div>");
            }
        }
        for (ReportView.Item i : s.items()) {
            if (!VERDICTS.contains(i.label())) {
                out.write("<div><dt>" + esc(i.label()) + "</dt><dd>" + esc(Fmt.human(i.value(), i.kind())) + "</dd></div>");
            }
        }
        out.write("</dl></section>\n");
    }

    /** good for a go (SHIP, KEEP), bad for a no (DONT SHIP, STOP, ROLL BACK), neutral otherwise (INCONCLUSIVE). */
    static String tone(String verdict) {
        String v = verdict.toUpperCase(Locale.ROOT);
        if (v.startsWith("DONT") || v.startsWith("DON'T") || v.startsWith("NO ") || v.startsWith("STOP") || v.startsWith("ROLL")) {
            return "bad";
        }
        return v.startsWith("SHIP") || v.startsWith("KEEP") || v.startsWith("GO") ? "good" : "neutral";
    }

    private static void table(ReportView.Table t, Writer out) throws IOException {
        // a table of many columns is set tighter, so that it still fits a 1280 px window
        out.write("<h2>" + esc(t.title()) + "</h2>\n<div class=\"scroll\"><table" + (t.columns().size() >= 12 ? " class=\"wide\"" : "")
                + "><thead><tr>");
        for (ReportView.Column c : t.columns()) {
            // snake_case headers may break after an underscore: narrow numeric columns under long names
            // (the whole name, the key in json and csv, is the header's tooltip)
            String name = esc(c.name());
            out.write("<th" + (c.kind() == ReportView.Kind.TEXT ? "" : " class=\"n\"") + (name.contains("_") ? " title=\"" + name + "\"" : "")
                    + ">" + name.replace("_", "_<wbr>") + "</th>");
        }
        out.write("</tr></thead><tbody>");
        for (var row : t.rows()) {
            out.write("<tr>");
            for (int c = 0; c < t.columns().size(); c++) {
                out.write(cell(row.get(c), t.columns().get(c).kind(), c == 0));
            }
            out.write("</tr>");
        }
        out.write("</tbody></table></div>\n");
    }

    /**
     * A table cell: numbers right-aligned and compact (1.82M tokens, exact value as the tooltip); the key column never
     * wraps; long text wraps with its whole text as the tooltip.
     */
    static String cell(Object value, ReportView.Kind kind, boolean key) {
        String shown = Fmt.human(value, kind);
        if (value instanceof Number num && Double.isInfinite(num.doubleValue())) {
            // never through the compact suffixes ("InfinityB"): route-sim --matrix's threshold above every score
            boolean neg = num.doubleValue() < 0;
            return "<td class=\"n\" title=\"" + (neg ? "-" : "") + "Infinity\">" + (neg ? "-" : "") + "\u221e</td>";
        }
        if (kind != ReportView.Kind.TEXT && value instanceof Number) {
            String compact = compact((Number) value, kind);
            return compact == null ? "<td class=\"n\">" + esc(shown) + "</td>"
                    : "<td class=\"n\" title=\"" + esc(shown) + "\">" + esc(compact) + "</td>";
        }
        if (kind != ReportView.Kind.TEXT) {
            return "<td class=\"n\">" + esc(shown) + "</td>";
        }
        if (shown.length() > LONG) {
            return "<td class=\"" + (key ? "k long" : "long") + "\" title=\"" + esc(shown) + "\"><span>" + esc(shown) + "</span></td>";
        }
        return key ? "<td class=\"k\">" + esc(shown) + "</td>" : "<td>" + esc(shown) + "</td>";
    }

    /** A compact form of a large count or amount (1.82M, 312k, $12.3k), or null when the value is short enough as it is. */
    static String compact(Number n, ReportView.Kind kind) {
        double d = n.doubleValue(), a = Math.abs(d);
        if (!Double.isFinite(d) || a < 100_000 || !(kind == ReportView.Kind.INT || kind == ReportView.Kind.NUMBER || kind == ReportView.Kind.MONEY)) {
            return null;
        }
        String sign = d < 0 ? "-" : "", money = kind == ReportView.Kind.MONEY ? "$" : "";
        String body = a >= 1e9 ? String.format(Locale.ROOT, "%.3gB", a / 1e9) : a >= 1e6 ? String.format(Locale.ROOT, "%.3gM", a / 1e6)
                : String.format(Locale.ROOT, "%.0fk", a / 1e3);
        return sign + money + body;
    }

    /** The page's escaping: the same as inside its charts. */
    static String esc(String s) {
        return Svg.esc(s);
    }
}
