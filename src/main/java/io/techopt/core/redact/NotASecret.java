package io.techopt.core.redact;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            "maximum", "can", "cannot", "will", "have", "has", "it", "this", "that", "your", "you", "in", "on", "by", "from", "into",
            "as", "if", "when", "one", "my", "our", "its", "same", "any", "all", "each", "every", "no", "per", "than", "we", "they");

    /**
     * Words that say what a password is like or where it is kept ("must be at least 12 characters", "stored in the vault",
     * "from env"): a sentence after a password's name needs one, as "it is dragon" or "a horse is a horse" has none.
     */
    private static final Set<String> DESCRIPTION_WORDS = Set.of("must", "should", "shall", "can", "cannot", "may", "will", "need",
            "needs", "require", "requires", "required", "contain", "contains", "containing", "include", "includes", "least", "minimum",
            "maximum", "min", "max", "characters", "character", "chars", "letters", "letter", "digit", "digits", "number", "numbers",
            "symbol", "symbols", "special", "uppercase", "lowercase", "upper", "lower", "case", "long", "length", "stored", "store",
            "saved", "kept", "vault", "manager", "rotate", "rotated", "rotation", "days", "expire", "expires", "env", "environment",
            "variable", "file", "from", "see", "use", "used", "set", "enter", "change", "generate", "generated", "sent", "provided",
            "password", "passphrase", "dashboard", "admin", "hashed", "encrypted");

    /** Words before an example ("e.g. abc123", "like sha256"): what follows shows a shape, it is no one's credential. */
    private static final Set<String> EXAMPLE_WORDS = Set.of("e.g", "eg", "like", "example", "instance");

    /** Names of products and algorithms that hold a digit ("the one from 1Password", "a sha256 digest"). */
    private static final Set<String> TECHNICAL_NAMES = Set.of("1password", "sha1", "sha256", "sha384", "sha512", "md5", "base64",
            "utf8", "oauth2", "pbkdf2", "argon2", "argon2id", "aes128", "aes256", "rsa2048", "rsa4096", "x509");

    /** A credential's name then its operator inside a sentence ("the one below, api_key=V"): no sentence about a name. */
    private static final Pattern EMBEDDED_ASSIGNMENT = Pattern.compile("(?i)(?:key|token|secret|pass(?:word|wd)?|pwd|auth[a-z]*|credentials?)"
            + "[\"'\\]]?[ \t]*(?:=>|:=|[:=])");

    /** Where a JSON string ends and its object or array goes on: a quote (escaped for JSON in JSON or not), then , } ] or :. */
    private static final Pattern JSON_STRING_END = Pattern.compile("\\\\*\"[ \t]*[,}\\]:]");

    /** A table's gap between columns: two or more blanks, a tab or a column rule. */
    private static final Pattern COLUMN_GAP = Pattern.compile(" {2,}|\t|[ ]?[|\u2502][ ]?");

    /** A decimal or a number in scientific notation, as a table's cost or rate column shows it. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?");

    /** A word naming what goes there (YOUR_TOKEN_HERE, your-api-key, INSERT_KEY): review rev21 LOW-4. */
    private static final Pattern PLACEHOLDER_WORD = Pattern.compile("(?:(?i:your|insert|enter|replace)[_-][A-Za-z_-]*|[A-Za-z_-]*[_-](?i:here))(?![A-Za-z0-9])");

    /** A lambda's parameters up to its ':' (x:, x, y:). */
    private static final Pattern LAMBDA_PARAMETERS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:[ \\t]*,[ \\t]*[A-Za-z_][A-Za-z0-9_]*)*[ \\t]*:");

    /** Credential words a setting's name holds (req.body.password2, config.api_key_v2): the member is code, not a value. */
    private static final Pattern CREDENTIAL_NAME_PART = Pattern.compile("(?i).*(?:pass|pwd|token|secret|key|auth|api).*");

    /**
     * Type names a parameter or field is declared with (def f(password: str), password: String, token: &str, api_key:
     * SecretStr): a declaration, not a value (review rev23 LOW-12 masked the rest of the signature).
     */
    private static final Set<String> TYPE_NAMES = Set.of("str", "int", "bool", "float", "bytes", "String", "string", "number",
            "boolean", "any", "Any", "object", "Object", "SecretStr", "SecretBytes", "SecretString", "char", "None", "null", "undefined");

    /** What may follow a declared type: the end, a separator, a default, a return type or a body. */
    private static final Pattern AFTER_A_TYPE = Pattern.compile("[ \t]*(?:$|[\r\n,;)\\]>|{]|=(?!=)|->|:)");

    /** The inside of a shell expansion with a default or a check: NAME:-V, NAME-V, NAME:?V, Spring's NAME:V. */
    private static final Pattern SHELL_EXPANSION = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*(?::[-=?+]?|[-=?+])\\S*");

    /** An f-string (f"Bearer {token}", rf'{x}'): code that builds the value from a variable. */
    private static final Pattern INTERPOLATED_STRING = Pattern.compile("(?:[fF][rR]?|[rR][fF])([\"'])[^\"'\\r\\n]{0,200}?\\{[A-Za-z_][A-Za-z0-9_.]*\\}[^\"'\\r\\n]{0,200}?\\1");

    /** Whether the text at {@code at} (right after the name, its operator and any opening quote) is code or a placeholder. */
    static boolean codeOrPlaceholder(String in, int at) {
        if (at >= in.length()) {
            return false;
        }
        if (PLACEHOLDER_WORD.matcher(in).region(at, in.length()).lookingAt()) {
            return true;
        }
        if (declaredType(in, at)) {
            return true;
        }
        Matcher interpolated = INTERPOLATED_STRING.matcher(in).region(at, in.length());
        if (interpolated.lookingAt() && !holdsCredential(in.substring(at, interpolated.end()), 0)) {
            return true;
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
        // review r26t LOW-7: a lambda's parameters (token = lambda x: x.strip()), a negated setting (password = not password)
        if (path.equals("lambda") && (next == ':' || next == ' ' && LAMBDA_PARAMETERS.matcher(in).region(end + 1, in.length()).lookingAt())
                || path.equals("not") && next == ' ' && negatedSetting(in, end + 1)) {
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

    /** A type name (after '&' or '&mut ' in Rust) that a separator, a default, a return type or the end follows. */
    private static boolean declaredType(String in, int at) {
        int from = at;
        if (in.startsWith("&mut ", from)) {
            from += 5;
        } else if (in.startsWith("&", from)) {
            from++;
        }
        int end = from;
        while (end < in.length() && identifierPart(in.charAt(end))) {
            end++;
        }
        return end > from && TYPE_NAMES.contains(in.substring(from, end)) && AFTER_A_TYPE.matcher(in).region(end, in.length()).lookingAt();
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
     * environment name in capitals (process.env.S3_KEY stays code), nor a setting's name: snake case or a credential word
     * with a version or a number (review r26t MED-5: req.body.password2, config.api_key_v2, self.oauth2_token).
     */
    private static boolean valueLikeMember(String members) {
        for (String part : members.split("\\.")) {
            boolean digit = part.chars().anyMatch(Character::isDigit);
            boolean capitals = part.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
            boolean settingName = part.indexOf('_') > 0 || CREDENTIAL_NAME_PART.matcher(part).matches();
            if (digit && !capitals && !settingName) {
                return true;
            }
        }
        return false;
    }

    /** After "not": a setting (password, self.token, pwd_ok) that ends the expression, not a value ("not Zq9kQ2vLm4.foo"). */
    private static boolean negatedSetting(String in, int at) {
        int end = at;
        while (end < in.length() && (identifierPart(in.charAt(end)) || in.charAt(end) == '.')) {
            end++;
        }
        String path = in.substring(at, end);
        return end > at && Character.isJavaIdentifierStart(in.charAt(at)) && identifiers(path) && !path.endsWith(".")
                && (path.indexOf('.') > 0 || path.indexOf('_') > 0 || CREDENTIAL_NAME_PART.matcher(path).matches())
                && (end == in.length() || " \t\r\n);:,".indexOf(in.charAt(end)) >= 0);
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
        // a shell expansion with a default (${DB_PASS:-V}, ${TOKEN:?[REDACTED]}, Spring's ${API_KEY:V}): its default, if a secret, went before
        if (in.startsWith("${", at)) {
            int brace = in.indexOf('}', at);
            if (brace > at + 2 && brace - at <= 100 && SHELL_EXPANSION.matcher(in).region(at + 2, brace).matches()) {
                return true;
            }
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
     * Whether the rest of the line from {@code at} is a sentence about the credential, not one. After a strict name (a
     * password's, a secret's) a value may be a passphrase of common words ("it is dragon", "a horse is a horse"), so the
     * sentence must say what the password is like or where it is kept ("must be at least 12 characters long", "stored in
     * the vault") and be mostly words sentences are made of, or be mostly in another script; after a generic name (token,
     * key) three or more words, the first a sentence word ("a piece of text"), or two, the first of another script. Either
     * holds no word shaped like a credential but an example ("e.g. abc123") or a product's name (1Password).
     */
    static boolean prose(String in, int at, boolean strict) {
        String rest = restOfValue(in, at);
        Matcher gap = COLUMN_GAP.matcher(rest);
        boolean columns = gap.find();
        // a table row's next columns (counts, costs) are no part of the sentence; a credential there still counts
        String[] words = (columns ? rest.substring(0, gap.start()) : rest).strip().split("[ \t]+");
        if (holdsCredential(words) || columns && holdsCredentialBesideNumbers(rest.substring(gap.end()).strip().split("[ \t|\u2502]+"))) {
            return false;
        }
        String first = words[0].toLowerCase(Locale.ROOT);
        if (!strict) {
            return words.length >= 3 && PROSE_WORDS.contains(first) || words.length >= 2 && otherScriptWord(words[0]);
        }
        int sentenceWords = 0, otherScript = 0;
        boolean describes = false;
        for (String w : words) {
            String bare = bare(w).toLowerCase(Locale.ROOT);
            boolean described = DESCRIPTION_WORDS.contains(bare);
            describes |= described;
            sentenceWords += described || PROSE_WORDS.contains(bare) || EXAMPLE_WORDS.contains(bare) || isNumber(bare) ? 1 : 0;
            otherScript += otherScriptWord(w) ? 1 : 0;
        }
        return words.length >= 3 && PROSE_WORDS.contains(first) && describes && 2 * sentenceWords >= words.length
                || words.length >= 2 && otherScriptWord(words[0]) && 2 * otherScript > words.length;
    }

    /**
     * Whether the rest of the line from {@code at} holds a word shaped like a credential (not an example or a product's
     * name) or, after its first word, a credential's name with its operator (review r26t MED-3: "token: the Zq9Lm2Xv8 one"
     * masked "the" and kept the value).
     */
    static boolean holdsCredential(String in, int at) {
        return holdsCredential(restOfValue(in, at).strip().split("[ \t]+"));
    }

    /** As {@link #holdsCredential(String[])}, a decimal or a number in scientific notation (4.2e-05, $0.0012) aside. */
    private static boolean holdsCredentialBesideNumbers(String[] words) {
        for (String w : words) {
            String bare = bare(w);
            if (!DECIMAL.matcher(bare).matches() && passwordShaped(bare)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsCredential(String[] words) {
        for (int i = 0; i < words.length; i++) {
            String bare = bare(words[i]);
            if (credentialShapedWord(bare) && !TECHNICAL_NAMES.contains(bare.toLowerCase(Locale.ROOT)) && !example(words, i)) {
                return true;
            }
        }
        return words.length > 1 && EMBEDDED_ASSIGNMENT.matcher(String.join(" ", words).substring(words[0].length())).find();
    }

    /** Whether word i follows "e.g.", "like" or "such as". */
    private static boolean example(String[] words, int i) {
        String before = i > 0 ? bare(words[i - 1]).toLowerCase(Locale.ROOT) : "";
        return EXAMPLE_WORDS.contains(before) || before.equals("as") && i > 1 && bare(words[i - 2]).equalsIgnoreCase("such");
    }

    /**
     * The text from {@code at} to the end of the line or of the JSON string it stands in (a quote, escaped or not, then
     * ',', '}', ']' or ':'): a JSON line's next fields are no part of the value (review rev21 MED-1: "Password: must be at
     * least 12 characters long" was masked in compress --write's lines, where "}],"x":{"y":10} went on after it).
     */
    private static String restOfValue(String in, int at) {
        int end = at;
        while (end < in.length() && in.charAt(end) != '\n' && in.charAt(end) != '\r' && end - at < 200) {
            end++;
        }
        Matcher stringEnd = JSON_STRING_END.matcher(in).region(at, end);
        return in.substring(at, stringEnd.find() ? stringEnd.start() : end);
    }

    /** Where the value that starts at {@code at} ends: the end of its line or of the JSON string it stands in. */
    static int valueEnd(String in, int at) {
        return at + restOfValue(in, at).length();
    }

    private static String bare(String w) {
        return w.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
    }

    private static boolean isNumber(String w) {
        return !w.isEmpty() && w.chars().allMatch(Character::isDigit);
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

    /** A word (its punctuation aside) shaped like a password or credential that is no product's or algorithm's name. */
    static boolean passwordShaped(String w) {
        String bare = bare(w);
        return credentialShapedWord(bare) && !TECHNICAL_NAMES.contains(bare.toLowerCase(Locale.ROOT));
    }

    /** A word in letters of another script only ("token: строка доступа", "Secret: секретный ключ"): a sentence goes on. */
    private static boolean otherScriptWord(String w) {
        return !w.isEmpty() && w.chars().allMatch(c -> c >= 0x80 && Character.isLetter(c));
    }
}
