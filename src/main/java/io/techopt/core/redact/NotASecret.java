package io.techopt.core.redact;

import java.util.Set;

/**
 * What follows a credential's name and is no credential: code ({@code token = tokenizer.encode(text)},
 * {@code password = req.body.password}), a placeholder ({@code ${DB_PASSWORD}}, {@code ********}, {@code <your-api-key>})
 * or prose ("Password: must be at least 12 characters long"). Prompts are analysed: a mask there ruins their keys and
 * what compress keeps.
 */
final class NotASecret {
    private NotASecret() {
    }

    /** Words a statement puts before an expression ({@code token = await getToken()}). */
    private static final Set<String> CODE_KEYWORDS = Set.of("await", "new", "yield", "typeof", "function", "lambda", "async", "not",
            "sizeof", "require", "import", "fn", "func");

    /** Objects code reads a setting from: {@code req.body.password}, {@code process.env.API_KEY}, {@code self.token}. */
    private static final Set<String> CODE_OBJECTS = Set.of("req", "request", "res", "response", "process", "env", "os", "config",
            "cfg", "conf", "settings", "self", "this", "ctx", "context", "options", "opts", "args", "params", "props", "state",
            "data", "body", "form", "secrets", "credentials", "creds", "user", "auth", "app", "window", "document", "vars",
            "environ", "values", "st", "current_app", "session", "payload", "input", "cls", "super");

    /** Words prose puts in a sentence and a passphrase does not hold. */
    private static final Set<String> PROSE_WORDS = Set.of("must", "should", "be", "is", "are", "was", "at", "least", "the", "a",
            "an", "of", "to", "with", "for", "and", "or", "not", "contain", "contains", "characters", "chars", "long", "minimum",
            "maximum", "can", "cannot", "will", "have", "has", "it", "this", "that", "your", "you");

    /** Whether the text at {@code at} (right after the name, its operator and any opening quote) is code or a placeholder. */
    static boolean codeOrPlaceholder(String in, int at) {
        if (at >= in.length()) {
            return false;
        }
        char first = in.charAt(at);
        if (first == '$' || first == '%' || first == '{' || first == '<' || first == '*' || first == '\u2022') {
            return placeholder(in, at);
        }
        int end = at;
        while (end < in.length() && (identifierPart(in.charAt(end)) || in.charAt(end) == '.')) {
            end++;
        }
        if (end == at || !Character.isJavaIdentifierStart(first)) {
            return false;
        }
        String path = in.substring(at, end);
        char next = end < in.length() ? in.charAt(end) : '\n';
        if (CODE_KEYWORDS.contains(path) && (next == '(' || next == ' ' && expressionAfter(in, end + 1))) {
            return true;
        }
        if (path.endsWith(".") || TokenShapes.looksRandom(path) && !path.contains(".")) {
            return false;
        }
        // a call or a subscript (getpass.getpass(), os.environ["X"]), or a member of an object code reads settings from
        int dot = path.indexOf('.');
        return (next == '(' || next == '[') && identifiers(path)
                || dot > 0 && CODE_OBJECTS.contains(path.substring(0, dot)) && identifiers(path) && !valueLikeMember(path.substring(dot + 1));
    }

    /** After a keyword: an identifier path (not random) that a call, member, subscript or type argument follows. */
    private static boolean expressionAfter(String in, int at) {
        int end = at;
        while (end < in.length() && (identifierPart(in.charAt(end)) || in.charAt(end) == '.')) {
            end++;
        }
        return end > at && Character.isJavaIdentifierStart(in.charAt(at)) && identifiers(in.substring(at, end))
                && end < in.length() && "([<.".indexOf(in.charAt(end)) >= 0;
    }

    /**
     * A member that reads as a value (review r26s M1: env.Zq9Lm2X, this.hunter2): a part with a digit that is not an
     * environment name in capitals (process.env.S3_KEY stays code).
     */
    private static boolean valueLikeMember(String members) {
        for (String part : members.split("\\.")) {
            boolean digit = part.chars().anyMatch(Character::isDigit);
            boolean capitals = part.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
            if (digit && !capitals) {
                return true;
            }
        }
        return false;
    }

    /** Each dotted part an identifier and none random (Zx9k.Qm4P is a value, not a path). */
    private static boolean identifiers(String path) {
        for (String part : path.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0)) || TokenShapes.looksRandom(part) && part.length() >= 8) {
                return false;
            }
        }
        return true;
    }

    private static boolean identifierPart(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '$');
    }

    /**
     * A placeholder: an environment or template variable ({@code ${DB_PASSWORD}}, {@code $DB_PASSWORD}, {@code {{ secrets.X }}},
     * {@code %DB_PASSWORD%}), a row of mask characters ({@code ********}) or words in angle brackets ({@code <your-api-key>}).
     */
    private static boolean placeholder(String in, int at) {
        char first = in.charAt(at);
        if (first == '*' || first == '\u2022') {
            int end = at;
            while (end < in.length() && in.charAt(end) == first) {
                end++;
            }
            return end - at >= 3 && (end == in.length() || !Character.isLetterOrDigit(in.charAt(end)));
        }
        if (first == '%' || first == '$' && !in.startsWith("${", at)) {
            return environmentVariable(in, at + 1, first == '%');
        }
        char close = first == '<' ? '>' : '}';
        int from = at + (in.startsWith("${", at) || in.startsWith("{{", at) ? 2 : 1);
        int end = from;
        boolean digit = false;
        while (end < in.length() && end - from <= 64 && (identifierPart(in.charAt(end)) || " .-:".indexOf(in.charAt(end)) >= 0)) {
            digit |= Character.isDigit(in.charAt(end));
            end++;
        }
        if (end == from) {
            return false;
        }
        // <your-api-key> names what goes there; <Zx9kQ2vLm4Pt7RwA>, <Secret-Horse-Battery> and {Zq9Lm2Xv8} are the value in
        // brackets (review r26s M1): a name in angle brackets is in one case, a single brace's holds no digit
        boolean single = first == '{' && !in.startsWith("{{", at);
        String inside = in.substring(from, end);
        boolean oneCase = inside.equals(inside.toLowerCase(java.util.Locale.ROOT)) || inside.equals(inside.toUpperCase(java.util.Locale.ROOT));
        return end < in.length() && in.charAt(end) == close && !(first == '<' && (digit || !oneCase)) && !(single && digit);
    }

    /**
     * $DB_PASSWORD or %DB_PASSWORD%: upper-case letters, digits and '_', a digit only in a name with '_' ($S3_KEY; $ECRET2024
     * is a value).
     */
    private static boolean environmentVariable(String in, int from, boolean closedByPercent) {
        int end = from;
        boolean digit = false, underscore = false;
        while (end < in.length() && end - from <= 64 && (in.charAt(end) >= 'A' && in.charAt(end) <= 'Z' || in.charAt(end) == '_'
                || end > from && in.charAt(end) >= '0' && in.charAt(end) <= '9')) {
            digit |= in.charAt(end) <= '9';
            underscore |= in.charAt(end) == '_';
            end++;
        }
        boolean closed = !closedByPercent || end < in.length() && in.charAt(end) == '%';
        boolean wordEnds = end == in.length() || !Character.isLetterOrDigit(in.charAt(end));
        return end > from && closed && wordEnds && (underscore || !digit);
    }

    /**
     * Whether the rest of the line from {@code at} is a sentence about the credential, not one: three or more words, the
     * first a word sentences are made of ("must be at least 12 characters long", "a piece of text"), or two or more, the
     * first a word of another script. A passphrase ("correct horse battery staple") starts with none of them.
     */
    static boolean prose(String in, int at) {
        int end = at;
        while (end < in.length() && in.charAt(end) != '\n' && in.charAt(end) != '\r' && end - at < 200) {
            end++;
        }
        String[] words = in.substring(at, end).strip().split("[ \t]+");
        // a sentence holds no word shaped like a credential (review r26s H1: "it is Zq9Lm2Xv8", "the Zq9Lm2Xv8 one"
        // and "новый Zq9Lm2Xv8" kept the value) and is mostly words sentences are made of ("the quick brown fox 42" is
        // a passphrase)
        int proseWords = 0;
        for (String w : words) {
            String bare = w.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
            if (credentialShapedWord(bare)) {
                return false;
            }
            proseWords += PROSE_WORDS.contains(bare.toLowerCase(java.util.Locale.ROOT)) || bare.chars().allMatch(Character::isDigit) ? 1 : 0;
        }
        return words.length >= 3 && PROSE_WORDS.contains(words[0].toLowerCase(java.util.Locale.ROOT)) && 2 * proseWords >= words.length
                || words.length >= 2 && otherScriptWord(words[0]);
    }

    /**
     * Letters and digits together over 6 or more characters (Zq9Lm2Xv8, hunter22), a random run, or 4 or more digits (a
     * PIN: review r26t HIGH-1, "password: it is 12345678" was kept; a rule's "12 characters" has fewer).
     */
    private static boolean credentialShapedWord(String w) {
        boolean letter = w.chars().anyMatch(Character::isLetter), digit = w.chars().anyMatch(Character::isDigit);
        return w.length() >= 6 && letter && digit || w.length() >= 8 && TokenShapes.looksRandom(w)
                || w.length() >= 4 && !letter && w.chars().allMatch(Character::isDigit);
    }

    /** A word in letters of another script only ("token: строка доступа", "Secret: секретный ключ"): a sentence goes on. */
    private static boolean otherScriptWord(String w) {
        return !w.isEmpty() && w.chars().allMatch(c -> c >= 0x80 && Character.isLetter(c));
    }
}
