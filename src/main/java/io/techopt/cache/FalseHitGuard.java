package io.techopt.cache;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rejects a semantic-cache candidate that is close in embedding space but asks something else: different numbers
 * ("version 2" / "version 3"), opposite polarity ("enable 2FA" / "disable 2FA", a negation on one side only), or a
 * key entity on one side only ("learn Python" / "learn Java").
 */
public final class FalseHitGuard {
    /** C++, C#, iPhone, GitHub: a symbol or an inner capital marks a name. */
    private static final Pattern NAMED_TOKEN = Pattern.compile("[+#]|[a-z][A-Z]");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}+#.'-]*");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "without",
            "don't", "doesn't", "didn't", "can't", "cannot", "won't", "isn't", "aren't", "wasn't", "shouldn't", "wouldn't");
    private static final String[][] OPPOSITES = {{"enable", "disable"}, {"increase", "decrease"}, {"before", "after"},
            {"buy", "sell"}, {"add", "remove"}, {"max", "min"}, {"maximum", "minimum"}, {"first", "last"}, {"start", "stop"},
            {"open", "close"}, {"on", "off"}, {"up", "down"}, {"best", "worst"}, {"more", "less"}, {"pros", "cons"},
            {"advantages", "disadvantages"}, {"win", "lose"}, {"import", "export"}, {"upload", "download"}};
    private static final Set<String> NUMBER_WORDS = Set.of("one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "twenty", "hundred", "thousand", "million", "billion");

    /**
     * "this question", "the image below", "the attached file": the prompt points at something that is not in its
     * text, so two such prompts can read alike and ask different things.
     */
    private static final Pattern DEICTIC = Pattern.compile("\\b(?:this|these|that|the following|the above|the below|attached|below|above)\\s+"
            + "(?:question|questions|problem|problems|equation|equations|picture|pictures|image|images|photo|photos|code|program|"
            + "sentence|sentences|passage|text|article|poem|file|document|graph|diagram|sum|integral|puzzle|riddle|video|song|"
            + "math|physics|chemistry|jee|quora|answer)\\b|\\b(?:given below|as below|shown below|attached|see below)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("\"+([^\"]+)\"+|“([^”]+)”|(?<![\\p{L}\\p{N}])'([^']{2,})'(?![\\p{L}\\p{N}])");
    private static final Pattern NON_LATIN = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}\\p{IsArabic}"
            + "\\p{IsCyrillic}\\p{IsDevanagari}\\p{IsGreek}\\p{IsHebrew}\\p{IsThai}]+");

    /** The prompt refers to content outside its text ("this question", "below", "attached"). */
    public static boolean pointsElsewhere(String s) {
        return DEICTIC.matcher(s).find();
    }

    /** Quoted phrases and runs of non-Latin script: what an embedding model may not see but the question is about. */
    static Set<String> literals(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = QUOTED.matcher(s);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    out.add(m.group(g).trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        m = NON_LATIN.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Why a candidate was rejected, or null when it passes. */
    public String reject(String query, String candidate) {
        if (pointsElsewhere(query) || pointsElsewhere(candidate)) {
            return "refers to content outside the prompt";
        }
        if (!literals(query).equals(literals(candidate))) {
            return "quoted or non-Latin text differs";
        }
        if (!numbers(query).equals(numbers(candidate))) {
            return "numbers differ";
        }
        if (negations(query) % 2 != negations(candidate) % 2) {
            return "negation differs";
        }
        Set<String> wa = words(query), wb = words(candidate);
        for (String[] o : OPPOSITES) {
            if ((wa.contains(o[0]) && wb.contains(o[1]) && !wa.contains(o[1])) || (wa.contains(o[1]) && wb.contains(o[0]) && !wa.contains(o[0]))) {
                return "opposite words (" + o[0] + "/" + o[1] + ")";
            }
        }
        Set<String> ea = entities(query), eb = entities(candidate);
        if (!ea.isEmpty() && !eb.isEmpty() && !ea.equals(eb)) {
            Set<String> onlyA = new HashSet<>(ea), onlyB = new HashSet<>(eb);
            onlyA.removeAll(eb);
            onlyB.removeAll(ea);
            if (!onlyA.isEmpty() && !onlyB.isEmpty()) {
                return "different entities";
            }
        }
        return null;
    }

    static Set<String> numbers(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = NUMBER.matcher(s);
        while (m.find()) {
            out.add(m.group().replace(",", ""));
        }
        for (String w : words(s)) {
            if (NUMBER_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static int negations(String s) {
        int n = 0;
        for (String w : words(s)) {
            if (NEGATIONS.contains(w) || w.endsWith("n't")) {
                n++;
            }
        }
        return n;
    }

    static Set<String> words(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (m.find()) {
            out.add(strip(m.group()));
        }
        return out;
    }

    /** Capitalized words past the first, and tokens with digits or symbols (C++, iPhone, GPT-4): names of things. */
    static Set<String> entities(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(s.replace('’', '\''));
        boolean first = true;
        while (m.find()) {
            String w = m.group();
            boolean named = (!first && Character.isUpperCase(w.charAt(0))) || NAMED_TOKEN.matcher(w).find();
            if (named && !w.equals("I") && !w.startsWith("I'")) {
                out.add(strip(w.toLowerCase(Locale.ROOT)));
            }
            first = false;
        }
        return out;
    }

    private static String strip(String w) {
        String x = w.endsWith("'s") ? w.substring(0, w.length() - 2) : w;
        while (x.endsWith(".") || x.endsWith("'") || x.endsWith("-")) {
            x = x.substring(0, x.length() - 1);
        }
        return x;
    }
}
