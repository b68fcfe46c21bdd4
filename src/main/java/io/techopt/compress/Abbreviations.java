package io.techopt.compress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shorter spellings for wordy phrases (English and Chinese lists, or a file of "phrase = short" lines). Applied
 * only outside quotations, URLs and inline code; code blocks, protected spans and JSON never reach it.
 */
public final class Abbreviations {
    private static final Pattern SKIP = Pattern.compile("\"[^\"\\n]*\"|“[^”\\n]*”|「[^」\\n]*」|'[^'\\n]{2,}'|`[^`\\n]*`|https?://\\S+");

    private final Map<Pattern, String> rules = new LinkedHashMap<>();

    private Abbreviations() {
    }

    public static Abbreviations defaults() {
        Abbreviations a = new Abbreviations();
        String[][] en = {{"for example", "e.g."}, {"that is to say", "i.e."}, {"in order to", "to"},
                {"as soon as possible", "ASAP"}, {"due to the fact that", "because"}, {"at this point in time", "now"},
                {"with respect to", "re"}, {"in the event that", "if"}, {"a large number of", "many"},
                {"information", "info"}, {"approximately", "approx."}, {"and so on", "etc."}, {"as well as", "and"},
                {"please note that", "note:"}, {"it is important to note that", "note:"}};
        for (String[] r : en) {
            a.add(r[0], r[1], true);
        }
        String[][] zh = {{"例如", "如"}, {"也就是说", "即"}, {"为了", "为"}, {"尽快", "速"}, {"由于", "因"}, {"但是", "但"},
                {"因此", "故"}, {"以及", "及"}, {"如果", "若"}, {"目前", "现"}, {"已经", "已"}, {"非常", "很"},
                {"请注意", "注意"}, {"等等", "等"}};
        for (String[] r : zh) {
            a.add(r[0], r[1], false);
        }
        return a;
    }

    /** "phrase = short" per line; # starts a comment. */
    public static Abbreviations load(Path file) throws IOException {
        Abbreviations a = new Abbreviations();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IOException(file + ": a line is 'phrase = short', not '" + l + "'");
            }
            String from = l.substring(0, eq).strip();
            a.add(from, l.substring(eq + 1).strip(), from.chars().allMatch(ch -> ch < 0x3000));
        }
        return a;
    }

    private void add(String from, String to, boolean words) {
        String p = Pattern.quote(from);
        rules.put(Pattern.compile(words ? "(?i)\\b" + p + "\\b" : p), Matcher.quoteReplacement(to));
    }

    /** The text with phrases replaced outside quotations, URLs and inline code. */
    public String apply(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = SKIP.matcher(text);
        int pos = 0;
        while (m.find()) {
            out.append(replace(text.substring(pos, m.start()))).append(m.group());
            pos = m.end();
        }
        return out.append(replace(text.substring(pos))).toString();
    }

    private String replace(String s) {
        for (var r : rules.entrySet()) {
            s = r.getKey().matcher(s).replaceAll(r.getValue());
        }
        return s;
    }
}
