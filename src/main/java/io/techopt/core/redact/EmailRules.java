package io.techopt.core.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static io.techopt.core.redact.Rule.t;

/**
 * E-mail addresses, plain and URL-encoded: what counts as an address (RFC 5322 local parts of any script, quoted,
 * commented, HTML- or JSON-escaped; dotted, dotless and IP-literal hosts) and what does not (a package tag, a version
 * range, a model id). Each address becomes its pseudonym ({@link EmailPseudonym}). They run after the credential rules.
 */
final class EmailRules {
    static final List<Rule> RULES = new ArrayList<>();
    /** RFC 5322 atext (and the dot of a dot-atom), with letters, marks and digits of any script: an address's local part. */
    private static final String ATEXT = "\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~.-";
    /** The same without '%', which starts an escape in a URL-encoded address. */
    private static final String ATEXT_NO_PERCENT = "\\p{L}\\p{M}\\p{N}!#$&'*+/=?^_`{|}~.-";
    /** A quoted local part ("john doe"@…), also JSON-escaped (\"john doe\"@…). */
    private static final String QUOTED_LOCAL = "(?:\\\\?\"[^\"\\\\\r\n]{1,64}\\\\?\"|&quot;[^\"&<>\r\n]{1,64}&quot;)";
    /** An apostrophe or ampersand of a local part as HTML escapes it (o&#39;brien): what an HTML line shows. */
    private static final String HTML_ATEXT = "&(?:#0*39|#[xX]0*27|apos|amp);";
    /**
     * Host labels then a TLD (letters, or punycode xn--…), or an IP literal ([192.168.0.1], [IPv6:…]). A one-letter TLD
     * counts (RFC 1035/5321 syntax allows one-letter labels; none is delegated in the root zone today, but hiding a
     * non-address costs less than showing an address): "a@b.c-d.e" is hidden; see {@link #versionRange}.
     */
    private static final String EMAIL_DOMAIN = "(?:\\[(?:[Ii][Pp][Vv]6:)?[0-9A-Fa-f:.]{2,45}\\]|[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)*"
            + "\\.(?:[Xx][Nn]--[A-Za-z0-9-]*[A-Za-z0-9]|\\p{L}[\\p{L}\\p{M}]*)(?![\\p{L}\\p{M}]))";
    /** An RFC 5322 comment in a local part (john(ops)@example.com): part of the address as written, not of the mailbox. */
    static final String LOCAL_COMMENT = "\\([^()\\s@\"\\\\]{0,64}\\)";
    /**
     * A JSON escape of an invisible character, as JSON reports write one (ops\u200b@corp.com): part of the address it
     * sits in, or the address was matched from the escape's letters on and a bare backslash left (review r16 #2).
     */
    static final String JSON_ESCAPE = "\\\\u[0-9A-Fa-f]{4}";
    /** A version tag after '@' (actions/checkout@v4), no mail host. */
    private static final Pattern VERSION_TAG = Pattern.compile("v\\d.*");
    private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}(]+");
    /**
     * A host without dots (bob@localhost, jane@corp: intranet mail): a letter first, so a Vertex model id
     * (claude-3-5-sonnet@20240620) or a version (react@18) is none; tags and digests are sorted out by {@link #notAHost}.
     */
    private static final String DOTLESS_HOST = "\\p{L}[\\p{L}\\p{M}\\p{N}-]*+(?!\\.?[\\p{L}\\p{M}\\p{N}_@/])";
    /** Words after '@' that name a package tag, a git ref, a digest, a URL scheme or a CSS at-rule, not a mail host. */
    private static final Set<String> NOT_HOSTS = Set.of("latest", "next", "beta", "alpha", "canary", "rc", "stable", "dev",
            "nightly", "experimental", "preview", "insiders", "lts", "main", "master", "head", "trunk", "develop", "release",
            "edge", "legacy", "default", "sha1", "sha224", "sha256", "sha384", "sha512", "md5", "git", "file", "http", "https", "ssh",
            "media", "import", "font-face", "keyframes", "charset", "supports", "page", "namespace", "layer", "container");

    static {
        // The address ends with its TLD whatever follows it: a team "john.doe@example.com-prod" or a trace id "…@example.com-y"
        // (review r9 #1: a '-' or digit after the TLD used to reject the match, so the address leaked or was cut before ".org").
        // The local part is the whole run of RFC 5322 atext before the '@' (review r11 #5: it was cut at an apostrophe or a
        // brace, so "mary-jane.o'neil@…" showed "mary-jane.o'"), or a quoted string; the domain may be an IP literal; a
        // punycode TLD (xn--p1ai) is whole. A key name, a URL's path or query before the address stays readable: see
        // EmailPseudonym. \G: an address right after the previous one ("a@x.com/b@y.com") is still found.
        // A comment in the local part (john(ops)@…) and a dotless host (bob@localhost) are addresses too (review r13 #10).
        rule("email", t("@"), "(?:" + QUOTED_LOCAL + "|(?:(?<![" + ATEXT + "])|\\G)(?:" + HTML_ATEXT + "|" + LOCAL_COMMENT + "|" + JSON_ESCAPE + "|["
                        + ATEXT + "])++)@(?:" + EMAIL_DOMAIN + "|" + DOTLESS_HOST + ")",
                (m, in, e) -> versionRange(m.group()) || notAHost(m.group()) ? m.group()
                        : EmailPseudonym.of(m.group(), m.group().lastIndexOf('@'), 1, e));
        // The same address URL-encoded (mailto:bob%40corp.example, ?email=bob%40corp.example) gets the same pseudonym.
        rule("email-url-encoded", t("%40"), "(?:(?<![" + ATEXT + "])|\\G)(?:[" + ATEXT_NO_PERCENT + "]|%(?!40)[0-9A-Fa-f]{2})++%40"
                        + EMAIL_DOMAIN,
                (m, in, e) -> versionRange(m.group()) ? m.group() : EmailPseudonym.of(m.group(), m.group().lastIndexOf("%40"), 3, e));
    }

    private EmailRules() {
    }

    private static void rule(String family, String[] triggers, String regex, Rule.Replacer replacer) {
        RULES.add(Rule.of(family, triggers, regex, replacer));
    }

    /**
     * A match whose host has no dot and is no mail host: a tag, ref, digest or scheme (left-pad@latest, ubuntu@sha256,
     * actions/checkout@v4, Vertex's vertex_ai/claude-opus-4-6@default); a host with a capital (Folding@Home, Talk@AVG:
     * names, where mail hosts are written in lower case); a path before it (cloudflare/@cf/...); a side of one
     * character (A@B, C@ll).
     */
    private static boolean notAHost(String match) {
        int at = match.lastIndexOf('@');
        String host = match.substring(at + 1), local = match.substring(0, at);
        if (host.indexOf('.') >= 0 || host.startsWith("[")) {
            return false;
        }
        return host.length() < 2 || !host.equals(host.toLowerCase(Locale.ROOT)) || NOT_HOSTS.contains(host)
                || VERSION_TAG.matcher(host).matches() || local.indexOf('/') >= 0
                || LEADING_PUNCTUATION.matcher(local).replaceFirst("").length() < 2;
    }

    /** A package and a version range (react@18.x): a one-letter TLD after labels of digits only is no address. */
    private static boolean versionRange(String match) {
        int dot = match.lastIndexOf('.'), at = Math.max(match.lastIndexOf('@'), match.lastIndexOf("%40") + 2);
        if (dot != match.length() - 2 || at < 0 || at > dot) {
            return false;
        }
        for (int i = at + 1; i < dot; i++) {
            if (Character.isLetter(match.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
