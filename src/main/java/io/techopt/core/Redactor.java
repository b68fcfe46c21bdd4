package io.techopt.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from any text bound for a report, an export, a cache or a message: credentials of the families
 * well-known secret scanners look for (gitleaks' rule set was the reference list: provider API keys and tokens,
 * cloud access keys, webhook URLs, private keys, JWTs, HTTP Basic/Bearer headers, {@code key=value} assignments,
 * passwords in URLs) and e-mail addresses. E-mails become a stable pseudonym ({@code <email:1a2b3c4d>}) so grouping
 * by user still tells users apart without showing who they are; everything else becomes {@code [REDACTED]}.
 * Redacting twice changes nothing (no replacement looks like a secret).
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    /** What a match becomes; the escaper makes the inserted text safe for the output (e.g. HTML). */
    private interface Replacer {
        String replace(Matcher m, String input, UnaryOperator<String> escape);
    }

    /**
     * One credential family: a pattern that only runs when one of its triggers (lower-case substrings) occurs, so
     * the common clean string costs a few {@code indexOf} calls.
     */
    private record Rule(String family, String[] triggers, Pattern pattern, Replacer replacer, boolean anyCase,
                        java.util.function.Predicate<String> gate) {
        Rule(String family, String[] triggers, Pattern pattern, Replacer replacer, boolean anyCase) {
            this(family, triggers, pattern, replacer, anyCase, null);
        }
    }

    private static final Replacer MASK_ALL = (m, in, e) -> MASK;
    /** Keeps group 1 (the name, header or prefix) and masks the rest. */
    private static final Replacer KEEP_LABEL = (m, in, e) -> m.group(1) + MASK;

    private static final List<Rule> RULES = new ArrayList<>();
    /** Matches at most at a token's edge: no letter or digit right before. */
    private static final String EDGE = "(?<![A-Za-z0-9])";
    private static final String END = "(?![A-Za-z0-9])";
    /**
     * Providers whose keys gitleaks finds by the provider's name nearby (its keyword rules: a generic hex, base62 or UUID
     * secret), and LLM providers whose keys have no prefix of their own. Lower case; matched in any case at a word start.
     */
    private static final List<String> PROVIDER_KEYWORDS = List.of(
            "adafruit", "adobe", "airtable", "algolia", "alibaba", "asana", "atlassian", "confluence", "jira", "beamer", "bitbucket",
            "bittrex", "cloudflare", "codecov", "coinbase", "confluent", "contentful", "datadog", "discord", "droneci", "dropbox", "etsy",
            "facebook", "fastly", "finicity", "finnhub", "flickr", "freshbooks", "gitter", "gocardless", "heroku", "hubspot", "intercom",
            "jfrog", "artifactory", "bintray", "kraken", "kucoin", "launchdarkly", "linear", "linked[_-]?in", "looker", "mailchimp",
            "mailgun", "mapbox", "mattermost", "message[_-]?bird", "netlify", "new[_-]?relic", "nytimes", "plaid", "rapidapi",
            "sendbird", "sendgrid", "sentry", "snyk", "sonar", "squarespace", "sumo", "travis", "twilio", "twitch", "twitter", "yandex",
            "zendesk",
            // LLM and vector-store providers whose keys carry no prefix
            "mistral", "cohere", "voyage", "ai21", "elevenlabs", "assemblyai", "deepgram", "together", "pinecone", "weaviate",
            "qdrant", "jina");

    /** Character classes of the prefixed tokens' table. */
    private static final String ALNUM = "A-Za-z0-9", ALNUM_DASH = "A-Za-z0-9_-", ALNUM_UNDERSCORE = "A-Za-z0-9_",
            ALNUM_HYPHEN = "A-Za-z0-9-", ALNUM_DASH_EQ = "A-Za-z0-9_=-", ALNUM_DASH_EQ_DOT = "A-Za-z0-9_=.-", UPPER_DIGIT = "A-Z0-9",
            HEX = "A-Fa-f0-9", HEX_LOWER = "a-f0-9";
    /** Words that say there is no credential ("Authorization: none"), whole. */
    private static final String NOT_A_VALUE = "(?i:none|null|nil|true|false|undefined|required|optional|n/a"
            // what prose says about a password ("Translate 'password: forgotten'", "password: expired."), a whole word
            + "|forgotten|forgot|reset|expired|expires|incorrect|invalid|wrong|changed|missing|empty|hidden|masked|redacted|unset"
            + "|protected|updated|weak|strong|mismatch|unknown|blank|omitted|removed|revoked|rotated|same|too|anon|anonymous)(?![^\\s\"'\\\\,;&<>\\[\\]{}().?!:])";

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
    private static final String LOCAL_COMMENT = "\\([^()\\s@\"\\\\]{0,64}\\)";
    private static final Pattern LOCAL_COMMENT_AT = Pattern.compile(LOCAL_COMMENT);
    /**
     * A JSON escape of an invisible character, as JSON reports write one (ops\u200b@corp.com): part of the address it
     * sits in, or the address was matched from the escape's letters on and a bare backslash left (review r16 #2).
     */
    private static final String JSON_ESCAPE = "\\\\u[0-9A-Fa-f]{4}";
    private static final Pattern JSON_ESCAPE_AT = Pattern.compile(JSON_ESCAPE);
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

    /** A key name before '=' that says an address follows (user=, email=, x-user-email=, reply_to=): it stays readable. */
    private static final Pattern EMAIL_KEY = Pattern.compile("(?i)^(?:[a-z0-9]*[._-])?(?:(?:end[._-]?)?user(?:[._-]?name)?|e-?mail"
            + "(?:[._-]?addr(?:ess)?)?|mail|addr(?:ess)?|login|account|acct|owner|author|from|to|cc|bcc|reply[._-]?to|sender"
            + "|recipient|rcpt|contact|customer|member|assignee|reporter|principal|subject|sub|uid|id|name|e|u|m)"
            + "(?:[._-]?(?:id|name|e-?mail|mail|addr(?:ess)?))?=");
    /** A URL query parameter's name before its value (?e=, &user_email=). */
    private static final Pattern QUERY_KEY = Pattern.compile("[?&][\\p{L}\\p{N}_.\\[\\]-]*=");

    static {
        // Whole blocks and URLs first: their insides may look like other secrets.
        rule("private-key", t("-----BEGIN"), "-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----"
                + "(?:[\\s\\S]*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\\s\\\\n]*)", MASK_ALL);
        rule("url-userinfo", t("://"), "(?<![a-zA-Z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^/\\s@?#\\[\\]\"'<>]+@|[^/\\s@?#\\[\\]\"'<>:]*:(?![0-9]{1,5}/)[^\\s@?#\\[\\]\"'<>]+@)", (m, in, e) -> m.group(1) + MASK + "@");
        rule("slack-webhook", t("hooks.slack.com"), "((?:https?://)?hooks\\.slack\\.com/)(?:services|workflows|triggers)/[A-Za-z0-9+/_-]+", KEEP_LABEL);
        rule("discord-webhook", t("/api/webhooks/"), "((?:https?://)?(?:[a-z]+\\.)?discord(?:app)?\\.com/api/webhooks/)[0-9]+/[A-Za-z0-9_-]+", KEEP_LABEL);
        rule("teams-webhook", t("webhook.office.com"), "((?:https?://)?[a-z0-9-]+\\.webhook\\.office\\.com/)[^\\s\"'<>]+", KEEP_LABEL);
        rule("jwt", t("eyJ"), EDGE + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*|" + EDGE + "eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{2,}", MASK_ALL);
        // An Authorization header with a known scheme: any non-empty credential, however short.
        anyCaseRule("authorization-header", t("uthorization"), "((?i:(?:proxy-)?authorization)(?:\\\\?[\"'])?\\s*(?:[:=]|=>|:=)\\s*(?:\\\\?[\"'])?"
                + "(?i:bearer|basic|token|bot|digest|ssws|apikey|api-key|key|hmac|dpop|mac|negotiate|ntlm|sharedkey|sharedaccesssignature)\\s+)"
                + "(?!\\[REDACTED\\])[A-Za-z0-9._~+/=:-]+", KEEP_LABEL);
        // Header schemes: Bearer takes any token; Basic only what decodes to user:password.
        rule("bearer", t("earer", "EARER"), "((?i:bearer))\\s+[A-Za-z0-9._~+/=-]{8,}", (m, in, e) -> "Bearer " + MASK);
        rule("basic-auth", t("asic", "ASIC"), "\\b((?i:basic))\\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])",
                (m, in, e) -> isBasicCredential(m.group(2)) ? "Basic " + MASK : m.group());
        // Provider keys with a fixed prefix. "sk-" needs no word edge (key=abcsk-...) but then must look like a key.
        rule("sk-key", t("sk-"), "sk-[A-Za-z0-9_-]{8,}", (m, in, e) -> skKey(m, in) ? MASK : m.group());
        rule("aws-access-key-id", t("AKIA", "ASIA", "A3T", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"),
                "(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}(?![A-Z0-9])", MASK_ALL);
        // the same id lower-cased (a log that lower-cases names): the scan compares in any case, so must this; two digits keep words out
        anyCaseRule("aws-access-key-id-any-case", t("akia", "asia"), "(?i)(?<![a-z0-9])(?:akia|asia)(?=[a-z0-9]{0,15}[0-9][a-z0-9]{0,15}[0-9])[a-z0-9]{16}(?![A-Za-z0-9])",
                MASK_ALL);
        rule("telegram-bot-token", t(":A"), "(?<![0-9])[0-9]{5,16}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])", MASK_ALL);
        rule("google-api-key", t("AIza"), "AIza[0-9A-Za-z_-]{35}", MASK_ALL);
        rule("google-oauth", t("ya29.", "GOCSPX-"), EDGE + "(?:ya29\\.[0-9A-Za-z_-]{20,}|GOCSPX-[0-9A-Za-z_-]{20,})", MASK_ALL);
        rule("github-token", t("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), "gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{22,}", MASK_ALL);
        rule("gitlab-token", t("glpat", "glptt", "gldt", "glrt", "glsoat", "glcbt", "glffct", "glft", "glimt", "glagent", "gloas", "glsa", "glc_", "glc-", "GR1348941"), EDGE + "(?:gl(?:pat|ptt|dt|rt|soat|cbt|ffct|ft|imt|agent|oas|sa|c)[-_][A-Za-z0-9_.-]{20,}"
                + "|GR1348941[A-Za-z0-9_-]{20,})", MASK_ALL);
        rule("slack-token", t("xox", "xapp-"), "xox[abposer]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,}", MASK_ALL);
        rule("groq-key", t("gsk_"), "gsk_[A-Za-z0-9]{20,}", MASK_ALL);
        rule("huggingface-token", t("hf_", "api_org_"), EDGE + "(?:hf_[A-Za-z0-9]{30,}|api_org_[A-Za-z0-9]{30,})", MASK_ALL);
        rule("replicate-token", t("r8_"), EDGE + "r8_[A-Za-z0-9]{20,}", MASK_ALL);
        rule("perplexity-key", t("pplx-"), "pplx-[A-Za-z0-9]{32,}", MASK_ALL);
        rule("xai-key", t("xai-"), EDGE + "xai-[A-Za-z0-9]{40,}", MASK_ALL);
        rule("stripe-key", t("_test_", "_live_", "_prod_"), EDGE + "(?:sk|rk|pk|whsec)_(?:test|live|prod)_[A-Za-z0-9]{10,}", MASK_ALL);
        rule("npm-pypi-token", t("npm_", "pypi-"), EDGE + "(?:npm_[A-Za-z0-9]{36}|pypi-AgE[A-Za-z0-9_-]{50,})", MASK_ALL);
        rule("sendgrid-key", t("SG."), EDGE + "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", MASK_ALL);
        rule("twilio-key", t("SK"), EDGE + "SK[0-9a-fA-F]{32}" + END, MASK_ALL);
        rule("shopify-token", t("shp"), "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", MASK_ALL);
        rule("digitalocean-token", t("_v1_"), "do[opr]_v1_[a-f0-9]{64}", MASK_ALL);
        rule("misc-prefixed-token", t("dp.pt.", "ntn_", "ATATT3", "dapi", "ops_eyJ",
                        "AKCp", "sntrys_", "sntryu_", "glc_", "rubygems_", "dt0c01.", "pul-", "pnu_", "rdme_", "fw_", "esecret_"),
                EDGE + "(?:dp\\.pt\\.[A-Za-z0-9]{40,}|ntn_[A-Za-z0-9]{40,}"
                        + "|ATATT3[A-Za-z0-9_=-]{100,}|dapi[a-f0-9]{32}(?:-[0-9])?"
                        + "|ops_eyJ[A-Za-z0-9+/]{100,}={0,3}|AKCp[A-Za-z0-9]{60,}|sntry[su]_[A-Za-z0-9+/=_]{40,}"
                        + "|rubygems_[a-f0-9]{48}|dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}|pul-[a-f0-9]{40}|pnu_[A-Za-z0-9]{36}"
                        + "|rdme_[a-z0-9]{70}|fw_[A-Za-z0-9]{20,}|esecret_[A-Za-z0-9]{20,})" + END, MASK_ALL);
        // gitleaks' families with a distinctive prefix or shape (config/gitleaks.toml, read as a list; patterns written here,
        // looser than gitleaks' exact lengths where real tokens vary). Each is a prefix then one character class: linear.
        for (Shape shape : List.of(
            shape("alibaba-access-key-id", t("LTAI"), "LTAI[A-Za-z0-9]{12,30}"),
            shape("facebook-or-square-token", t("EAA"), "EAA[A-Z][A-Za-z0-9_-]{22,}"),
            shape("facebook-app-token", t("|", "%7C", "%7c"), "[0-9]{15,16}(?:\\||%7[Cc])[0-9A-Za-z_-]{27,40}"),
            atLeast("square-token", ALNUM_DASH, 22, "sq0atp-", "sq0csp-"),
            atLeast("heroku-api-key", ALNUM_DASH, 20, "HRKU-"),
            atLeast("linear-api-key", ALNUM, 32, "lin_api_"),
            shape("mailchimp-api-key", t("-us"), "[a-f0-9]{32}-us[0-9]{1,2}"),
            shape("mailgun-key", t("key-"), "(?:pub)?key-[a-f0-9]{32}"),
            atLeast("new-relic-key", ALNUM_HYPHEN, 19, "NRAK-", "NRII-", "NRJS-"),
            atLeast("pinecone-api-key", ALNUM_UNDERSCORE, 20, "pcsk_"),
            shape("postman-api-token", t("PMAK-"), "PMAK-[A-Za-z0-9]{20,}-[A-Za-z0-9]{20,}"),
            shape("supabase-token", t("sbp_", "sb_secret_"), "(?:sbp_[A-Za-z0-9]{30,}|sb_secret_[A-Za-z0-9_-]{20,})"),
            shape("terraform-api-token", t("atlasv1."), "(?:[A-Za-z0-9]{14}\\.)?atlasv1\\.[A-Za-z0-9_=-]{20,}"),
            atLeast("vault-token", ALNUM_DASH, 24, "hvs.", "hvb."),
            atLeast("langsmith-key", ALNUM_UNDERSCORE, 20, "lsv2_pt_", "lsv2_sk_"),
            atLeast("tavily-key", ALNUM_DASH, 20, "tvly-"),
            atLeast("stripe-webhook-secret", ALNUM, 20, "whsec_"),
            atLeast("age-secret-key", UPPER_DIGIT, 40, "AGE-SECRET-KEY-1"),
            shape("bitbucket-or-atlassian-token", t("ATBB", "ATCTT3"), "(?:ATBB[A-Za-z0-9_=.-]{20,}|ATCTT3[A-Za-z0-9_=-]{50,})"),
            atLeast("docker-token", ALNUM_DASH, 20, "dckr_pat_", "dckr_oat_"),
            shape("1password-secret-key", t("A3-"), "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}"),
            exactly("adobe-client-secret", ALNUM, 32, "p8e-"),
            shape("airtable-token", t("pat"), "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}"),
            exactly("artifactory-reference-token", ALNUM, 59, "cmVmd"),
            shape("aws-bedrock-api-key", t("ABSK", "bedrock-api-key-"), "(?:ABSK[A-Za-z0-9+/]{100,}={0,2}|bedrock-api-key-[A-Za-z0-9+/=]{20,})"),
            exactly("clickhouse-secret-key", ALNUM, 38, "4b1d"),
            shape("clojars-token", t("CLOJARS_", "clojars_"), "(?i:clojars_)[A-Za-z0-9]{60}"),
            shape("cloudflare-origin-ca-key", t("v1.0-"), "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}"),
            atLeast("duffel-token", ALNUM_DASH_EQ, 40, "duffel_test_", "duffel_live_"),
            exactly("easypost-token", ALNUM, 54, "EZAK", "EZTK"),
            shape("flutterwave-key", t("FLW"), "FLW(?:SECK|PUBK)(?:_TEST)?-[A-Za-z0-9]{12,}(?:-X)?"),
            shape("flyio-token", t("fo1_", "fm1", "fm2_"), "(?:fo1_[A-Za-z0-9_-]{40,}|fm1[ar]_[A-Za-z0-9+/]{30,}={0,3}|fm2_[A-Za-z0-9+/]{30,}={0,3})"),
            atLeast("frameio-token", ALNUM_DASH_EQ, 60, "fio-u-"),
            shape("grafana-api-key", t("eyJrIjoi"), "eyJrIjoi[A-Za-z0-9]{50,}={0,3}"),
            shape("harness-api-key", t("pat.", "sat."), "(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}"),
            exactly("infracost-token", ALNUM, 32, "ico-"),
            exactly("intra42-secret", HEX_LOWER, 64, "s-s4t2ud-", "s-s4t2af-"),
            shape("jwt-base64", t("ZXlK"), "ZXlK[A-Za-z0-9+/]{30,}={0,2}"),
            shape("maxmind-license-key", t("_mmk"), "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk"),
            exactly("notion-legacy-token", ALNUM, 43, "secret_"),
            atLeast("nvidia-api-key", ALNUM_DASH, 40, "nvapi-"),
            exactly("octopus-deploy-key", UPPER_DIGIT, 26, "API-"),
            exactly("openshift-token", ALNUM_DASH, 43, "sha256~"),
            atLeast("planetscale-token", ALNUM_DASH_EQ_DOT, 32, "pscale_tkn_", "pscale_oauth_", "pscale_pw_"),
            exactly("scalingo-token", ALNUM_DASH, 48, "tk-us-"),
            shape("sendinblue-key", t("xkeysib-"), "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}"),
            exactly("settlemint-token", ALNUM, 16, "sm_aat_", "sm_pat_", "sm_sat_"),
            exactly("shippo-token", HEX, 40, "shippo_live_", "shippo_test_"),
            shape("slack-config-token", t("xoxe"), "xoxe(?:\\.xox[bp])?-[0-9]-[A-Za-z0-9]{40,}"),
            shape("sourcegraph-token", t("sgp_"), "sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}"),
            atLeast("together-api-key", ALNUM_DASH, 20, "tgp_v1_"),
            between("yandex-api-key", ALNUM_DASH, 35, 38, "AQVN"),
            atLeast("hex-secret-key", HEX_LOWER, 40, "sk_")
        )) {
            prefixed(shape.family(), shape.triggers(), shape.regex());
        }
        rule("azure-ad-client-secret", t("Q~"), "(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", MASK_ALL);
        // Authorization with any other scheme (Token, Key, Bot, SSWS...): the header and scheme stay, the credential goes.
        anyCaseRule("authorization-scheme", t("uthorization"), "((?i:(?:proxy-)?authorization)(?:\\\\?[\"'])?\\s*(?:[:=]|=>|:=)\\s*(?:\\\\?[\"'])?"
                        + "(?!(?i:bearer|basic)\\s)[A-Za-z][A-Za-z0-9._-]{0,30}\\s+)(?=[^\\s\"'\\\\,;<>]*[0-9])[A-Za-z0-9._~+/=:-]{8,}", KEEP_LABEL);
        // A Cookie header's value is a session: everything after "Cookie: name=" to the end of the line or quote.
        anyCaseRule("cookie-header", t("cookie"), "((?<![A-Za-z-])(?i:set-cookie|cookie)(?:\\\\?[\"'])?\\s*:\\s*)[A-Za-z0-9_.-]{1,64}=(?!\\[REDACTED\\])[^\\r\\n\"'\\\\]*",
                KEEP_LABEL);
        // A URL's query parameter that carries a credential (?key=, &access_token=, &sig=...): the name stays.
        anyCaseRule("url-query-credential", t("?", "&"), "([?&](?i:key|api[_-]?key|apikey|token|access[_-]?token|auth|auth[_-]?token|sig|signature"
                + "|secret|client[_-]?secret|password|passwd|pwd|pass|code|session|sessionid|session[_-]?token|jwt|private[_-]?token"
                + "|refresh[_-]?token|id[_-]?token|x-amz-signature|x-amz-security-token|x-amz-credential|x-goog-signature|x-goog-credential)=)"
                + "(?!\\[REDACTED\\])[^&#\\s\"'<>\\\\]+", KEEP_LABEL);
        // gitleaks' keyword rules: a provider's name, then its key, a generic random token (no prefix of its own), written
        // as name=value, name: value, "name": "value", a Name: header, ?name=value, or in prose ("my twilio key is 9f8e…").
        // The name and what follows it up to the value stay; only a random-looking value goes (see keyedSecret).
        RULES.add(new Rule("provider-keyword-token", null, Pattern.compile("((?<![A-Za-z])(?i:" + String.join("|", PROVIDER_KEYWORDS) + ")"
                + "[A-Za-z0-9_.-]{0,30}?"
                // name=value, name: value, "name": "value" (also JSON-escaped inside a string), name => value (gitleaks'
                // operators; not ',' : a CSV's next column is no value)
                + "(?:(?:\\\\[nrt]|\\\\?[\\s'\"]){0,3}(?:=>|:=|::|[=:])(?:\\\\[nrt]|\\\\?[\\s'\"`=]){0,5}"
                // prose: up to four words ("key is", "auth token:") then the value
                + "|(?:[ \\t]+[A-Za-z]{1,15}:?){0,4}[ \\t]*(?:[:=][ \\t]*)?[ \\t]))"
                + "(?<![A-Za-z0-9])((?:[A-Za-z0-9_+/=~-]++|\\.(?=[A-Za-z0-9]))++)"),
                (m, in, e) -> keyedSecret(m.group(2)) ? m.group(1) + MASK : m.group(), false, Redactor::hasKeyedRun));
        // A credential word then a space then a long random or hex token ("twilio sid AC... token 9f8e..."): the word stays.
        anyCaseRule("keyword-then-token", t("token", "secret", "key", "passw", "pwd"), "((?<![A-Za-z])(?i:token|secret|password|passwd|pwd|api[_ -]?key"
                + "|auth[_ -]?token|access[_ -]?key|secret[_ -]?key)[ \\t]+)([A-Za-z0-9_/+=-]{20,})(?![A-Za-z0-9_/+=-])",
                (m, in, e) -> randomToken(m.group(2)) ? m.group(1) + MASK : m.group());
        // A password may hold spaces (a passphrase): after password: it is masked to the end of the line or quote.
        anyCaseRule("passphrase", t("assw", "pwd"), "((?<![A-Za-z])(?i:password|passwd|passphrase|pwd)(?:\\\\?[\"'])?\\s*(?:[:=]|=>|:=)[ \\t]*(?:\\\\?[\"'])?)"
                + "(?!\\[REDACTED\\])(?!" + NOT_A_VALUE + ")[^\\s\"'\\\\][^\\r\\n\"'\\\\]*", KEEP_LABEL);
        // name = value: connection-string keys (AccountKey=), headers (api-key:, x-api-key:), env and JSON assignments. Keywords
        // match in any case (PASSWORD=, Api_Key:, X-API-KEY:): header names are case-insensitive and so is how people spell them.
        // "sig" (an Azure SAS signature) only as sig=..., a word on its own: "SIG: plenary session" is prose.
        anyCaseRule("assignment", t("key", "ecret", "oken", "assw", "_pass", "pwd", "sig", "redential", "uthorization"),
                "((?i:(?:api[_-]?key|apikey|api[_-]?token|access[_-]?key(?:[_-]?id)?|secret[_-]?access[_-]?key|secret[_-]?key"
                        + "|client[_-]?secret|auth[_-]?token|access[_-]?token|refresh[_-]?token|id[_-]?token|session[_-]?token|account[_-]?key"
                        + "|shared[_-]?access[_-]?key|shared[_-]?access[_-]?signature|subscription[_-]?key|private[_-]?key|credentials?|password"
                        + "|passwd|pwd|secret|token|(?<![a-z])sig(?==)|authorization"
                        // variable names ending in a credential word, assigned with '=': DB_PASS=, STRIPE_KEY= (a JSON "price_key": is a field);
                        // the name starts where a word starts, else every position of a long word retries it (quadratic)
                        // (one character class, not a repeated group: a group repeated per segment recursed and overflowed the stack on key-key-key-...)
                        + "|(?<![a-z0-9_-])[a-z0-9][a-z0-9_-]*_(?:pass|pwd|key|secret|token|password)(?==)))"
                        + "(?:\\\\?[\"'])?\\s*(?:[:=]|=>|:=)\\s*(?:\\\\?[\"'])?)"
                        + "(?!(?i:bearer|basic)\\s)(?!" + NOT_A_VALUE + ")(?![A-Za-z][A-Za-z0-9._-]{0,30}\\s+\\[REDACTED\\])([^\\s\"'\\\\,;&<>\\[\\]{}()]+)",
                (m, in, e) -> placeholderOrCount(m.group(1), m.group(2)) ? m.group() : m.group(1) + MASK);
        // A 40-character mixed base64 token on its own: the shape of an AWS secret access key.
        rule("aws-secret-key", null, "(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])",
                (m, in, e) -> looksRandom(m.group()) ? MASK : m.group());
        // The address ends with its TLD whatever follows it: a team "john.doe@example.com-prod" or a trace id "…@example.com-y"
        // (review r9 #1: a '-' or digit after the TLD used to reject the match, so the address leaked or was cut before ".org").
        // The local part is the whole run of RFC 5322 atext before the '@' (review r11 #5: it was cut at an apostrophe or a
        // brace, so "mary-jane.o'neil@…" showed "mary-jane.o'"), or a quoted string; the domain may be an IP literal; a
        // punycode TLD (xn--p1ai) is whole. A key name, a URL's path or query before the address stays readable: see
        // emailPseudonym. \G: an address right after the previous one ("a@x.com/b@y.com") is still found.
        // A comment in the local part (john(ops)@…) and a dotless host (bob@localhost) are addresses too (review r13 #10).
        rule("email", t("@"), "(?:" + QUOTED_LOCAL + "|(?:(?<![" + ATEXT + "])|\\G)(?:" + HTML_ATEXT + "|" + LOCAL_COMMENT + "|" + JSON_ESCAPE + "|["
                        + ATEXT + "])++)@(?:" + EMAIL_DOMAIN + "|" + DOTLESS_HOST + ")",
                (m, in, e) -> versionRange(m.group()) || notAHost(m.group()) ? m.group()
                        : emailPseudonym(m.group(), m.group().lastIndexOf('@'), 1, e));
        // The same address URL-encoded (mailto:bob%40corp.example, ?email=bob%40corp.example) gets the same pseudonym.
        rule("email-url-encoded", t("%40"), "(?:(?<![" + ATEXT + "])|\\G)(?:[" + ATEXT_NO_PERCENT + "]|%(?!40)[0-9A-Fa-f]{2})++%40"
                        + EMAIL_DOMAIN,
                (m, in, e) -> versionRange(m.group()) ? m.group() : emailPseudonym(m.group(), m.group().lastIndexOf("%40"), 3, e));
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

    private Redactor() {
    }

    /** One row of the table of prefixed tokens: its family, the substrings that must occur, the token's shape. */
    private record Shape(String family, String[] triggers, String regex) {
    }

    /** A token that is one of the prefixes, then at least {@code min} characters of the class. */
    private static Shape atLeast(String family, String chars, int min, String... prefixes) {
        return prefixThenClass(family, chars, "{" + min + ",}", prefixes);
    }

    /** A token that is one of the prefixes, then exactly {@code length} characters of the class. */
    private static Shape exactly(String family, String chars, int length, String... prefixes) {
        return prefixThenClass(family, chars, "{" + length + "}", prefixes);
    }

    /** A token that is one of the prefixes, then {@code min} to {@code max} characters of the class. */
    private static Shape between(String family, String chars, int min, int max, String... prefixes) {
        return prefixThenClass(family, chars, "{" + min + "," + max + "}", prefixes);
    }

    /** The prefixes are the triggers; each is followed by one character class: linear, whatever the input. */
    private static Shape prefixThenClass(String family, String chars, String count, String... prefixes) {
        String any = java.util.Arrays.stream(prefixes).map(Pattern::quote).collect(java.util.stream.Collectors.joining("|", "(?:", ")"));
        return new Shape(family, prefixes, any + "[" + chars + "]" + count);
    }

    /** A row whose token has more parts than a prefix and a class, written as a pattern. */
    private static Shape shape(String family, String[] triggers, String regex) {
        return new Shape(family, triggers, regex);
    }

    private static String[] t(String... triggers) {
        return triggers;
    }

    private static void rule(String family, String[] triggers, String regex, Replacer replacer) {
        RULES.add(new Rule(family, triggers, Pattern.compile(regex), replacer, false));
    }

    /** A token with a fixed prefix or shape, whole (no letter or digit right before or after); all of it is masked. */
    private static void prefixed(String family, String[] triggers, String regex) {
        rule(family, triggers, EDGE + "(?:" + regex + ")" + END, MASK_ALL);
    }

    /** A rule whose triggers (lower case) are looked for in any case, for keywords people write in any case. */
    private static void anyCaseRule(String family, String[] triggers, String regex, Replacer replacer) {
        RULES.add(new Rule(family, triggers, Pattern.compile(regex), replacer, true));
    }

    /** The text with every secret replaced; null and "" come back as they are. */
    public static String redact(String s) {
        return redact(s, UnaryOperator.identity());
    }

    /**
     * As {@link #redact(String)}, with the text that replaces a secret (and what a rule keeps of its match) passed
     * through {@code escape}, for outputs where {@code <email:…>} would be markup.
     */
    public static String redact(String s, UnaryOperator<String> escape) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String folded = folded(s);
        String out = folded;
        for (Rule r : RULES) {
            if (applies(r, out)) {
                out = apply(r, out, escape);
            }
        }
        return out.equals(folded) ? s : out;
    }

    /**
     * The text as the redactor reads it: with fullwidth and small forms (a CJK input method's '＠', U+FF20; '﹫', U+FE6B;
     * fullwidth letters) made their ASCII selves by NFKC (review r15 #3), else the text itself. Text in which nothing is
     * found is returned as it was, so a prompt keeps its fullwidth punctuation.
     */
    private static String folded(String s) {
        boolean compatibility = false, invisible = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            compatibility |= c >= '\uFE50' && c <= '\uFE6F' || c >= '\uFF00' && c <= '\uFFEF';
            invisible |= invisibleAt(s, i) || hardSpace(c);
        }
        String out = compatibility ? foldedTokens(s) : s;
        if (invisible) {
            // an invisible character inside an address (a zero-width space or soft hyphen from copy-paste, a bidi mark,
            // a control) hid it from every rule (review r16 #3): the redactor reads the text without those inside a
            // word or next to an '@'; others stay, so a report still shows them escaped
            StringBuilder b = new StringBuilder(out.length());
            for (int i = 0; i < out.length(); i++) {
                boolean drop = invisibleAt(out, i) ? insideAWord(out, i) : hardSpace(out.charAt(i)) && besideAnAt(out, i);
                if (!drop) {
                    b.append(out.charAt(i));
                }
            }
            out = b.toString();
        }
        return out;
    }

    /**
     * A space that is no ASCII space and keeps its neighbours on one line: no-break (U+00A0), narrow no-break (U+202F),
     * figure (U+2007) and the other Unicode space separators. Next to an '@' it hid the address ("zed\u00a0@corp.com",
     * review r17 #2), which an ordinary space does not do in text people write.
     */
    private static boolean hardSpace(char c) {
        return c != ' ' && c >= 0xa0 && Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** Whether the hard space at i (with any others and invisible characters) lies between a letter or digit and an '@'. */
    private static boolean besideAnAt(String s, int i) {
        int p = i - 1, n = i + 1;
        while (p >= 0 && (invisibleAt(s, p) || hardSpace(s.charAt(p)))) {
            p--;
        }
        while (n < s.length() && (invisibleAt(s, n) || hardSpace(s.charAt(n)))) {
            n++;
        }
        if (p < 0 || n >= s.length()) {
            return false;
        }
        char a = s.charAt(p), z = s.charAt(n);
        boolean beside = a == '@' && Character.isLetterOrDigit(z) || z == '@' && (Character.isLetterOrDigit(a) || a == '.' || a == '-' || a == '_');
        return beside && dottedHostAfter(s, a == '@' ? p : n); // "follow us\u00a0@techopt" is a handle, no address
    }

    /** Whether the word after the '@' at {@code at} (hard spaces skipped) holds a dot: a mail domain, not a handle. */
    private static boolean dottedHostAfter(String s, int at) {
        for (int i = at + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1))) {
                return true;
            }
            if (Character.isWhitespace(c) || c == '@' || !hardSpace(c) && !invisibleAt(s, i) && !Character.isLetterOrDigit(c)
                    && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    /** Whether the invisible character at i stands between two visible characters of one word or next to an '@'. */
    private static boolean insideAWord(String s, int i) {
        int p = i - 1, n = i + 1;
        while (p >= 0 && invisibleAt(s, p)) {
            p--;
        }
        while (n < s.length() && invisibleAt(s, n)) {
            n++;
        }
        if (p < 0 || n >= s.length()) {
            return false;
        }
        char a = s.charAt(p), z = s.charAt(n);
        return a == '@' || z == '@' || (Character.isLetterOrDigit(a) || a == '.' || a == '-')
                && (Character.isLetterOrDigit(z) || z == '.' || z == '-');
    }

    /**
     * The text with each whitespace-delimited token that holds an at-sign of any form, or only fullwidth and ASCII
     * characters, made ASCII by NFKC (leo＠example.com, a fullwidth key); other tokens, a CJK sentence's, stay as they are
     * (review r16 #9: the whole text was folded). Each character folds to one, so the text keeps its length.
     */
    private static String foldedTokens(String s) {
        char[] out = s.toCharArray();
        int i = 0;
        while (i < out.length) {
            if (Character.isWhitespace(out[i])) {
                i++;
                continue;
            }
            int end = i;
            boolean at = false, onlyWide = true, wide = false;
            for (; end < out.length && !Character.isWhitespace(out[end]); end++) {
                char c = out[end];
                boolean compat = c >= '\uFE50' && c <= '\uFE6F' || c >= '\uFF00' && c <= '\uFFEF';
                at |= c == '@' || c == '\uFF20' || c == '\uFE6B';
                wide |= compat;
                onlyWide &= compat || c < 0x80 || invisible(c);
            }
            if (wide && (at || onlyWide)) {
                for (int k = i; k < end; k++) {
                    char c = out[k];
                    if (c >= '\uFE50' && c <= '\uFE6F' || c >= '\uFF00' && c <= '\uFFEF') {
                        String n = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFKC);
                        if (n.length() == 1) {
                            out[k] = n.charAt(0);
                        }
                    }
                }
            }
            i = end;
        }
        return new String(out);
    }

    /**
     * Whether the char at i is invisible, either half of a Unicode tag character (U+E0000-E007F, a supplementary format
     * character: review r17 #1, an address with one before its '@' was shown whole) included.
     */
    private static boolean invisibleAt(String s, int i) {
        char c = s.charAt(i);
        if (c == '\uDB40') {
            return i + 1 < s.length() && s.charAt(i + 1) >= '\uDC00' && s.charAt(i + 1) <= '\uDC7F';
        }
        if (c >= '\uDC00' && c <= '\uDC7F') {
            return i > 0 && s.charAt(i - 1) == '\uDB40';
        }
        return invisible(c);
    }

    /** A format character (zero-width, soft hyphen, BOM, bidi controls) or a control that is no whitespace. */
    private static boolean invisible(char c) {
        return c < 0x20 ? c != '\t' && c != '\n' && c != '\r' && c != '\f'
                : c >= 0x7f && c <= 0x9f || c >= 0xad && Character.getType(c) == Character.FORMAT;
    }

    /** Whether the rule's pattern can match at all: one of its triggers occurs (case as the secret writes it, or any). */
    private static boolean applies(Rule r, String s) {
        if (r.gate != null) {
            return r.gate.test(s);
        }
        if (r.triggers == null) {
            return hasRunOf40(s);
        }
        if (r.anyCase) {
            for (String t : r.triggers) {
                if (containsIgnoreCase(s, t)) {
                    return true;
                }
            }
            return false;
        }
        for (String t : r.triggers) {
            if (s.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A label (a team, user, model name) as reports show it: redacted, each masked credential tagged {@code [REDACTED:3f9a]}
     * so that two labels that differ in their secret stay two rows (review r17 #4: team-sk-proj-A… and team-sk-proj-B…
     * were one row "team-[REDACTED]"). The tag is 16 bits of an HMAC of the whole label under a key drawn at random for
     * this run and never written: the same label has one tag across the run's reports and files, and the tag tells
     * nothing of the secret (no prefix of it, and without the key no guess can be checked against it). Text that is no
     * label (prompts, messages) keeps the plain {@link #MASK}.
     */
    public static String label(String s) {
        String r = redact(s);
        if (r == null || r.equals(s) || !r.contains(MASK)) {
            return r;
        }
        return r.replace(MASK, "[REDACTED:" + labelTag(s) + "]");
    }

    private static final byte[] RUN_KEY = runKey();

    private static byte[] runKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    private static String labelTag(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(RUN_KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)), 0, 2);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the text holds a credential or an e-mail address (anything {@link #redact} would change). */
    public static boolean containsSecret(String s) {
        return !families(s).isEmpty();
    }

    private static final java.util.regex.Pattern PSEUDONYM = java.util.regex.Pattern.compile("<email:[0-9a-f]{8}>");

    /**
     * Whether the text is one this redactor already masked a credential in ({@link #MASK}): text kept redacted, as a
     * usage store keeps it, still tells a policy that it held one.
     */
    public static boolean heldCredential(String s) {
        return s != null && (s.contains(MASK) || s.contains("[REDACTED:"));
    }

    /** Whether the text holds an e-mail address this redactor already replaced by its pseudonym. */
    public static boolean heldEmail(String s) {
        return s != null && s.contains("<email:") && PSEUDONYM.matcher(s).find();
    }

    /** Whether the text holds a credential (an e-mail address alone does not count); stops at the first found. */
    public static boolean containsCredential(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (Rule r : RULES) {
            if (!r.family.equals("email") && applies(r, s) && !apply(r, s, UnaryOperator.identity()).equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** The families of the secrets found in the text, in rule order, e.g. [sk-key, email]. */
    public static Set<String> families(String s) {
        Set<String> found = new LinkedHashSet<>();
        if (s == null || s.isEmpty()) {
            return found;
        }
        String rest = folded(s);
        for (Rule r : RULES) {
            if (!applies(r, rest)) {
                continue;
            }
            String after = apply(r, rest, UnaryOperator.identity());
            if (!after.equals(rest)) {
                found.add(r.family);
                rest = after;
            }
        }
        return found;
    }

    /** The names of the credential families this redactor knows, for reports and tests. */
    public static List<String> knownFamilies() {
        return RULES.stream().map(Rule::family).toList();
    }

    private static String apply(Rule r, String s, UnaryOperator<String> escape) {
        Matcher m = r.pattern.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        do {
            out.append(s, last, m.start()).append(r.replacer.replace(m, s, escape));
            last = m.end();
        } while (m.find());
        return out.append(s, last, s.length()).toString();
    }

    /** Whether {@code lower} (lower-case ASCII) occurs in s in any case; no copy of s, which may be a 10 MB prompt. */
    private static boolean containsIgnoreCase(String s, String lower) {
        char first = lower.charAt(0), firstUpper = Character.toUpperCase(first);
        for (int i = 0, last = s.length() - lower.length(); i <= last; i++) {
            char c = s.charAt(i);
            if ((c == first || c == firstUpper) && s.regionMatches(true, i, lower, 0, lower.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isB64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
    }

    /** A run of exactly 40 base64 characters somewhere (the only shape the AWS-secret rule can match). */
    private static boolean hasRunOf40(String s) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isB64(s.charAt(i))) {
                run++;
            } else {
                if (run == 40) {
                    return true;
                }
                run = 0;
            }
        }
        return run == 40;
    }

    /** A run of 16+ letters and digits holding a digit, or a UUID: the only values the provider-keyword rule can mask. */
    private static boolean hasKeyedRun(String s) {
        int run = 0, hexRun = 0;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean d = c >= '0' && c <= '9';
            if (d || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                run++;
                digit |= d;
                if (run >= 16 && digit) {
                    return true;
                }
                hexRun = d || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? hexRun + 1 : 0;
                if (hexRun == 12 && i >= 35 && s.charAt(i - 12) == '-') {
                    return true; // the last part of a UUID
                }
            } else {
                run = 0;
                hexRun = 0;
                digit = false;
            }
        }
        return false;
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * A value after a provider's name that is a key, not a word, a model name or a date: a UUID, or a run of 16 or more
     * letters and digits (between separators) holding at least one digit and three letters.
     */
    private static boolean keyedSecret(String v) {
        if (UUID.matcher(v).find()) {
            return true;
        }
        int run = 0, digits = 0, letters = 0;
        for (int i = 0; i <= v.length(); i++) {
            char c = i < v.length() ? v.charAt(i) : '-';
            boolean d = c >= '0' && c <= '9', l = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (d || l) {
                run++;
                digits += d ? 1 : 0;
                letters += l ? 1 : 0;
                continue;
            }
            if (run >= 16 && digits >= 1 && letters >= 3) {
                return true;
            }
            run = digits = letters = 0;
        }
        return false;
    }

    /**
     * An assigned value that is no credential: the variable's own name as a placeholder ({@code "account_key": ACCOUNT_KEY}),
     * or a count of tokens ({@code target_token=200}, LLMLingua's prompts; up to 9 digits).
     */
    private static boolean placeholderOrCount(String label, String value) {
        int end = 0;
        while (end < label.length() && (Character.isLetterOrDigit(label.charAt(end)) || label.charAt(end) == '_' || label.charAt(end) == '-')) {
            end++;
        }
        String name = label.substring(0, end);
        if (value.replace("-", "_").equalsIgnoreCase(name.replace("-", "_"))) {
            return true;
        }
        return TOKEN_COUNT.matcher(name).matches() && value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Names of token counts (not of credentials: auth_token=123456 is still masked). */
    private static final Pattern TOKEN_COUNT = Pattern.compile("(?i)(?:[a-z0-9]+[_-])*(?:target|max|min|num|n|total|input|output|prompt"
            + "|completion|context|reasoning|cached|budget|limit|remaining|used|per|keep|drop|chunk)[_-]?tokens?");

    /** Mixed case and a digit or '/' or '+': random, not a word, a hex digest or a path. */
    private static boolean looksRandom(String s) {
        boolean upper = false, lower = false, other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            other |= (c >= '0' && c <= '9') || c == '/' || c == '+';
        }
        return upper && lower && other;
    }

    /**
     * "sk-" starts a key when what follows looks random: a part (between '-' and '_') of 16 or more letters and digits, a
     * part mixing upper and lower case or letters and 3+ digits over 8 or more characters, or 32+ characters with 6+
     * digits (sk-lf-&lt;uuid&gt;). Names stay: sk-platform, sk-llama-7b. Glued to a word (abcsk-...) it needs a run of 16 with a digit.
     */
    private static boolean skKey(Matcher m, String input) {
        String in = m.group();
        boolean glued = m.start() > 0 && Character.isLetterOrDigit(input.charAt(m.start() - 1));
        int run = 0, digitsAll = 0;
        boolean upper = false, lower = false, digit = false;
        for (int i = 3; i <= in.length(); i++) {
            char c = i < in.length() ? in.charAt(i) : '-';
            if (Character.isLetterOrDigit(c)) {
                run++;
                digit |= Character.isDigit(c);
                upper |= Character.isUpperCase(c);
                lower |= Character.isLowerCase(c);
                digitsAll += Character.isDigit(c) ? 1 : 0;
                continue;
            }
            if (glued ? run >= 16 && digit : run >= 16 || (run >= 8 && upper && lower) || (run >= 8 && digitCount(in, i - run, i) >= 3 && (upper || lower))) {
                return true;
            }
            run = 0;
            upper = lower = digit = false;
        }
        return !glued && in.length() - 3 >= 32 && digitsAll >= 6;
    }

    private static int digitCount(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += Character.isDigit(s.charAt(i)) ? 1 : 0;
        }
        return n;
    }

    /** Random-looking: mixed case with a digit over 20+ characters, or 32+ hex digits holding both letters and digits. */
    private static boolean randomToken(String s) {
        if (looksRandomMixed(s)) {
            return true;
        }
        int hex = 0, letters = 0, digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean d = c >= '0' && c <= '9', h = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!d && !h) {
                return false;
            }
            hex++;
            digits += d ? 1 : 0;
            letters += h ? 1 : 0;
        }
        return hex >= 32 && digits >= 4 && letters >= 4;
    }

    private static boolean looksRandomMixed(String s) {
        boolean upper = false, lower = false, digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    /** Basic credentials decode to printable "user:password". */
    private static boolean isBasicCredential(String b64) {
        try {
            byte[] d = Base64.getDecoder().decode(b64);
            String text = new String(d, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon < 0) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) < 0x20 || text.charAt(i) == 0xFFFD) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The pseudonym of the address in {@code match} ({@code at}: where its '@', or the {@code sepLength} characters of
     * "%40", start). What leads the local part and says nothing of the person stays readable: punctuation before it
     * ('john@…' keeps its quote), a URL's path or query parameter (https://host/u?e=…, a path after "//"), and a
     * key name with '=' (user=, email=), fields before a '|' (sales|lead|jane@…: RFC 5322 allows '|' in a local part,
     * but logs use it to separate fields). Everything else of the run before the '@' is in the hash and hidden: an
     * apostrophe, a brace, '#' or '=' inside a local part are RFC 5322 atext, so "jane=doe@…" is one address.
     */
    private static String emailPseudonym(String match, int at, int sepLength, UnaryOperator<String> escape) {
        String local = match.substring(0, at), domain = match.substring(at + sepLength);
        int start = 0;
        if (!local.isEmpty() && local.charAt(0) != '"' && !local.startsWith("\\\"") && !local.startsWith("&quot;")) {
            while (start < local.length() && !Character.isLetterOrDigit(local.charAt(start))
                    && !LOCAL_COMMENT_AT.matcher(local).region(start, local.length()).lookingAt()) {
                start += JSON_ESCAPE_AT.matcher(local).region(start, local.length()).lookingAt() ? 6 : 1; // an escape is whole
            }
            if (local.indexOf("//") >= 0) {
                start = Math.max(start, local.lastIndexOf('/') + 1); // a URL's path: https://host/users/john@…
            }
            int pipe = local.lastIndexOf('|');
            if (pipe >= start && pipe + 1 < local.length()) {
                start = pipe + 1; // a field separator in logs (sales|lead|jane@…), not part of an address in practice
            }
            Matcher q = QUERY_KEY.matcher(local);
            while (q.find()) {
                if (q.end() > start && q.end() < local.length()) {
                    start = q.end();
                }
            }
            for (Matcher k = EMAIL_KEY.matcher(local.substring(start)); k.find() && start + k.end() < local.length();
                 k = EMAIL_KEY.matcher(local.substring(start))) {
                start += k.end();
            }
            if (start >= local.length()) {
                start = 0; // nothing but punctuation or keys: the whole run is the address
            }
        }
        // a comment is no part of the mailbox: john(ops)@example.com is john@example.com
        String address = LOCAL_COMMENT_AT.matcher(local.substring(start)).replaceAll("") + "@" + domain;
        // a JSON- or HTML-escaped local part is the same address
        address = JSON_ESCAPE_AT.matcher(address).replaceAll(""); // an escaped invisible character is none of the mailbox
        address = address.replace("\\\"", "\"").replace("&quot;", "\"").replaceAll("&(?:#0*39|#[xX]0*27|apos);", "'").replace("&amp;", "&");
        if (sepLength == 3) {
            address = percentDecoded(local.substring(start)) + "@" + percentDecoded(domain);
        }
        return local.substring(0, start) + escape.apply("<email:" + shortHash(address.toLowerCase(Locale.ROOT)) + ">");
    }

    /** %XX escapes decoded as UTF-8 bytes (o%27brien is o'brien); '+' stays '+' (it is atext, not a space). */
    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
