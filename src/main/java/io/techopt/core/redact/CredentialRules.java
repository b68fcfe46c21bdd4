package io.techopt.core.redact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.techopt.core.redact.RedactionRules.MASK;
import static io.techopt.core.redact.Rule.KEEP_LABEL;
import static io.techopt.core.redact.Rule.MASK_ALL;
import static io.techopt.core.redact.Rule.t;
import static io.techopt.core.redact.TokenShapes.credentialShaped;
import static io.techopt.core.redact.TokenShapes.isBasicCredential;
import static io.techopt.core.redact.TokenShapes.keyedSecret;
import static io.techopt.core.redact.TokenShapes.looksRandom;
import static io.techopt.core.redact.TokenShapes.placeholderOrCount;
import static io.techopt.core.redact.TokenShapes.randomToken;
import static io.techopt.core.redact.TokenShapes.skKey;

/**
 * The credential families, in the order they run: whole blocks and URLs, provider keys and tokens, headers, key=value
 * assignments, a bare AWS secret. Well-known secret scanners were the reference list (gitleaks' rule set). Each
 * rule runs on what the rules before it left, so the order matters.
 */
final class CredentialRules {
    static final List<Rule> RULES = new ArrayList<>();
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

    /** Words that say there is no credential ("Authorization: none"), whole. */
    private static final String NOT_A_VALUE = "(?i:none|null|nil|true|false|undefined|required|optional|n/a"
            // what prose says about a password ("Translate 'password: forgotten'", "password: expired."), a whole word
            + "|forgotten|forgot|reset|expired|expires|incorrect|invalid|wrong|changed|missing|empty|hidden|masked|redacted|unset"
            + "|protected|updated|weak|strong|mismatch|unknown|blank|omitted|removed|revoked|rotated|same|too|anon|anonymous"
            // review rev21 LOW-4: "password: not set"
            + "|not[ \\t]+(?:set|configured|provided|given|needed))(?![^\\s\"'\\\\,;&<>\\[\\]{}().?!:])";

    /** A value that starts with such a word, which may stand in brackets ("(none)"). */
    private static final Pattern NOT_A_VALUE_FIRST = Pattern.compile("\\(?" + NOT_A_VALUE);

    /** What the structural rules (YAML blocks, elements, prose and flags) take for a credential's name, lower case. */
    private static final String CREDENTIAL_NAMES = "api[_.-]?key|apikey|api[_.-]?token|access[_.-]?key(?:[_.-]?id)?|secret[_.-]?access[_.-]?key"
            + "|secret[_.-]?key|client[_.-]?secret|auth[_.-]?token|access[_.-]?token|refresh[_.-]?token|private[_.-]?key|password|passwd"
            + "|passphrase|pwd|secret|token|key|credentials?";

    /** One of {@link #NONE_WORDS}, whole. */
    private static final String NONE_WORD = "(?i:none|null|nil|n/a|redacted|hidden|masked|unset|empty|blank|omitted|removed|undefined)"
            + "(?![A-Za-z0-9_])";

    /** The credential names with a space allowed where a separator goes (API Key, access token), lower case. */
    private static final String SPACED_CREDENTIAL_NAMES = CREDENTIAL_NAMES.replace("[_.-]?", "[ _.-]?");

    /**
     * What stands in a credential's place and is none (review rev23 MED-1): angle brackets, ${VAR}, {{ var }}, {var}, $VAR,
     * %VAR%, a row of mask characters, empty quotes, YOUR_KEY_HERE and its kin, a word saying there is none.
     */
    private static final String PLACEHOLDER = "(?:<[^<>\\r\\n]{1,64}>|\\$\\{[^{}\\r\\n]{1,64}\\}|\\{\\{[^{}\\r\\n]{1,64}\\}\\}|\\{[^{}\\r\\n]{1,64}\\}"
            + "|\\$[A-Za-z_][A-Za-z0-9_]{0,64}|%[A-Za-z_][A-Za-z0-9_]{0,64}%|[*\u2022]{3,}|\"\"|''"
            + "|(?i:your|insert|enter|replace)[_-][A-Za-z_-]*|[A-Za-z_-]*[_-](?i:here)(?![A-Za-z0-9])|\\(?" + NONE_WORD + "\\)?)";

    /** Words that name what goes in a placeholder (YOUR_KEY, INSERT_TOKEN, api-key-here), as its gate looks for them. */
    private static final String[] PLACEHOLDER_WORDS = {"your", "insert", "enter", "replace", "here"};
    /** Words that say a credential is not there, as a placeholder's gate looks for them. */
    private static final String[] NONE_WORDS = {"none", "null", "nil", "n/a", "redacted", "hidden", "masked", "unset", "empty",
            "blank", "omitted", "removed", "undefined"};

    /** One assigned value: up to a blank, quote, separator or bracket; '&' only where the next name= starts (DB_PASS=Tr0ub4dor&3xyz). */
    private static final String ASSIGNED_VALUE = "(?:[^\\s\"'\\\\,;&<>\\[\\]{}()]|&(?![A-Za-z_][A-Za-z0-9_.-]{0,64}=))+";
    private static final Pattern ONE_ASSIGNED_VALUE = Pattern.compile(ASSIGNED_VALUE);

    /**
     * Not at a C# verbatim string's '@' (ApiKey = @"V"): the '@' goes with its quote before the value, so the '@' alone is
     * never the value (review rev21 MED-2 masked it and kept V), also when V is already masked.
     */
    private static final String VERBATIM_QUOTE_AHEAD = "(?!@\\\\{0,3}[\"'])";

    /** A shell variable's name that names a credential (DB_PASS, PGPASSWORD, API_KEY, AUTH, PW). */
    private static final String SHELL_CREDENTIAL_NAME = "[A-Za-z0-9_]{0,60}?(?i:key|secret|token|pass|pwd|credential|auth|pw)[A-Za-z0-9_]{0,60}";
    /** A setting about a credential, not one: its lifetime, limit, address, file or name (TOKEN_TTL, MAX_TOKENS, SECRET_NAME). */
    private static final Pattern SHELL_SETTING_NAME = Pattern.compile("(?i).*(?:_ttl|_expir[a-z]*|_limit|_url|_uri|_endpoint|_file"
            + "|_path|_name|_id|_timeout|_header|_type|_len|_length|_size|tokens|_count|_max|_min)");

    /** An environment variable's or property's name that names a credential, and the operators that give a fallback to it. */
    private static final String ENV_NAME = "[A-Za-z0-9_.-]{0,60}?(?i:key|secret|token|pass|pwd|credential)[A-Za-z0-9_.-]{0,60}";
    private static final String FALLBACK = "(?:\\|\\||\\?\\?|or(?![A-Za-z0-9_]))";

    /**
     * The rest of a value to the end of the line or a quote; an apostrophe between letters ("it's") is no quote. The group
     * repeats once per apostrophe, not per character (a group repeated per character overflows the stack on a long value).
     */
    private static final String CONTRACTED_REST = "[^\\r\\n\"'\\\\]*(?:(?<=\\p{L})'(?=\\p{L})[^\\r\\n\"'\\\\]*)*";

    /** What a credential belongs to, between its name and "is" ("the password for the staging db is V"): up to three words. */
    private static final String WHOSE = "(?:[ \t]+(?i:for|of|on|to)(?:[ \t]+[A-Za-z0-9_.@:/-]{1,60}?){1,3}?)";

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
                + "(?!\\[REDACTED(?::[0-9a-f]{4,8})?\\])[A-Za-z0-9._~+/=:-]+", KEEP_LABEL);
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
        // Databricks tokens written in capitals (review rev23 LOW-9: DAPI…, dapi0123…ABCDEF were kept)
        anyCaseRule("databricks-token-any-case", t("dapi"), EDGE + "(?i:dapi)(?=[0-9a-fA-F]{0,31}[0-9])[0-9a-fA-F]{32}(?:-[0-9])?" + END, MASK_ALL);
        // gitleaks' families with a distinctive prefix or shape: the table of PrefixedTokens.
        for (PrefixedTokens.Shape shape : PrefixedTokens.TABLE) {
            prefixed(shape.family(), shape.triggers(), shape.regex());
        }
        rule("azure-ad-client-secret", t("Q~"), "(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", MASK_ALL);
        // Authorization with any other scheme (Token, Key, Bot, SSWS...): the header and scheme stay, the credential goes.
        anyCaseRule("authorization-scheme", t("uthorization"), "((?i:(?:proxy-)?authorization)(?:\\\\?[\"'])?\\s*(?:[:=]|=>|:=)\\s*(?:\\\\?[\"'])?"
                        + "(?!(?i:bearer|basic)\\s)[A-Za-z][A-Za-z0-9._-]{0,30}\\s+)(?=[^\\s\"'\\\\,;<>]*[0-9])[A-Za-z0-9._~+/=:-]{8,}", KEEP_LABEL);
        // A Cookie header's value is a session: everything after "Cookie: name=" to the end of the line or quote.
        anyCaseRule("cookie-header", t("cookie"), "((?<![A-Za-z-])(?i:set-cookie|cookie)(?:\\\\?[\"'])?\\s*:\\s*)[A-Za-z0-9_.-]{1,64}=(?!\\[REDACTED(?::[0-9a-f]{4,8})?\\])[^\\r\\n\"'\\\\]*",
                KEEP_LABEL);
        // A URL's query parameter that carries a credential (?key=, &access_token=, &sig=...): the name stays.
        anyCaseRule("url-query-credential", t("?", "&"), "([?&](?i:key|api[_-]?key|apikey|token|access[_-]?token|auth|auth[_-]?token|sig|signature"
                + "|secret|client[_-]?secret|password|passwd|pwd|pass|code|session|sessionid|session[_-]?token|jwt|private[_-]?token"
                + "|refresh[_-]?token|id[_-]?token|x-amz-signature|x-amz-security-token|x-amz-credential|x-goog-signature|x-goog-credential)=)"
                + "(?!\\[REDACTED(?::[0-9a-f]{4,8})?\\])[^&#\\s\"'<>\\\\]+", KEEP_LABEL);
        // gitleaks' keyword rules: a provider's name, then its key, a generic random token (no prefix of its own), written
        // as name=value, name: value, "name": "value", a Name: header, ?name=value, or in prose ("my twilio key is 9f8e…").
        // The name and what follows it up to the value stay; only a random-looking value goes (see keyedSecret).
        RULES.add(new Rule("provider-keyword-token", providerKeywordTriggers(), Pattern.compile("((?<![A-Za-z])(?i:" + String.join("|", PROVIDER_KEYWORDS) + ")"
                + "[A-Za-z0-9_.-]{0,30}?"
                // name=value, name: value, "name": "value" (also JSON-escaped inside a string), name => value (gitleaks'
                // operators; not ',' : a CSV's next column is no value)
                + "(?:(?:\\\\[nrt]|\\\\?[\\s'\"]){0,3}(?:=>|:=|::|[=:])(?:\\\\[nrt]|\\\\?[\\s'\"`=]){0,5}"
                // prose: up to four words ("key is", "auth token:") then the value
                + "|(?:[ \\t]+[A-Za-z]{1,15}:?){0,4}[ \\t]*(?:[:=][ \\t]*)?[ \\t]))"
                + "(?<![A-Za-z0-9])((?:[A-Za-z0-9_+/=~-]++|\\.(?=[A-Za-z0-9]))++)"),
                (m, in, e) -> keyedSecret(m.group(2)) ? m.group(1) + MASK : m.group(), true, TokenShapes::hasKeyedRun));
        // A credential word then a space then a long random or hex token ("twilio sid AC... token 9f8e..."): the word stays.
        anyCaseRule("keyword-then-token", t("token", "secret", "key", "passw", "pwd"), "((?<![A-Za-z])(?i:token|secret|password|passwd|pwd|api[_ -]?key"
                + "|auth[_ -]?token|access[_ -]?key|secret[_ -]?key)[ \\t]+)([A-Za-z0-9_/+=-]{20,})(?![A-Za-z0-9_/+=-])",
                (m, in, e) -> randomToken(m.group(2)) ? m.group(1) + MASK : m.group(), TokenShapes::hasLongRunAfterABlank);
        // A shell default of a credential's variable (${DB_PASS:-V}, ${PGPASSWORD-V}, ${TOKEN:?V}): the default is the
        // secret, the braces stay (review rev23 LOW-7 kept it, or lost the '}').
        // (also Spring's ${DB_PASSWORD:V}: review rev23c HIGH-1; not a setting about a credential: ${TOKEN_TTL:-3600}, ${TOKEN_URL:-https://…}, ${MAX_TOKENS:-4096}: review rev23b MED-3)
        rule("shell-default-credential", t("${"), "(\\$\\{(" + SHELL_CREDENTIAL_NAME + ")(?::[-=?+]?|[-=?+]))(?!\\[REDACTED)([\"']?)(?=[^}\\s\"'`$]*[A-Za-z0-9])([^}\\s\"'`$]+)(?=\\3\\})",
                (m, in, e) -> !SHELL_SETTING_NAME.matcher(m.group(2)).matches() && !m.group(4).contains("://") && !m.group(4).startsWith("/")
                        // a password's default is the password whatever its shape (${POSTGRES_PASSWORD:-postgres})
                        && (credentialShaped(m.group(4)) || passwordName(m.group(2)))
                        ? m.group(1) + m.group(3) + MASK : m.group());
        // A credential's name in Markdown (**Password**: V, - **API Key:** V, `password`: V, __Token__: V) or in a table's
        // cell with its value in the next (| password | V |): the marks hid the name from the rules below (review rev23 MED-2).
        anyCaseRule("markdown-credential", t("key", "ecret", "oken", "assw", "pwd", "redential"),
                "(?=[*_`|]|(?<![^\\r\\n]))((?<![A-Za-z0-9*_`])([*_`]{1,3})(?:[A-Za-z]{1,12}[ _])?(?i:" + SPACED_CREDENTIAL_NAMES + ")(?:[ \t]*[:=][ \t]*\\2|\\2[ \t]*[:=])[ \t]*`?"
                + "|(?:\\||(?<![^\\r\\n]))[ \t]*[*_`]{0,3}(?:[A-Za-z]{1,12}[ _])?(?i:" + SPACED_CREDENTIAL_NAMES + ")[*_`]{0,3}[ \t]*\\|[ \t]*[`\"']?)"
                + "(?!\\[REDACTED)([^\\s\"'`<>,;()\\[\\]{}\\\\*|]++)",
                // the test of the plain forms (key: V, password: V), not a looser one: | token | 4096 | is a count (review rev23b MED-2)
                (m, in, e) -> (credentialShaped(m.group(3)) || passwordName(m.group(1)) && NotASecret.passwordShaped(m.group(3)))
                        && !m.group(3).startsWith("/") && !m.group(3).startsWith("~") && !m.group(3).contains("://")
                        ? m.group(1) + MASK + trailingPunctuation(m.group(3)) : m.group(), CredentialRules::markdownOrTable);
        // A YAML block scalar (api_key: |, password: >-) holds its value on the next, indented line (review r24s 2nd list).
        anyCaseRule("yaml-block-credential", t("key", "ecret", "oken", "assw", "pwd", "redential"), "((?<![A-Za-z])(?i:" + CREDENTIAL_NAMES + ")"
                + "[\"']?[ \t]*:[ \t]*[|>][-+0-9]{0,2}[ \t]*\r?\n[ \t]+)(?!\\[REDACTED)[^\\s][^\r\n]*", KEEP_LABEL, TokenShapes::hasBlockIndicator);
        // A password may hold spaces (a passphrase): after password: it is masked to the end of the line or quote.
        anyCaseRule("passphrase", t("assw", "pwd"), "((?<![A-Za-z])(?i:password|passwd|passphrase|pwd)(?:\\\\{0,3}[\"'])?\\s*(?:=>|:=|[:=](?!=)|={2,3}(?=[ \\t]*\\\\{0,3}[\"']))[ \\t]*(?:@?\\\\{0,3}[\"'])?)" + VERBATIM_QUOTE_AHEAD
                // an apostrophe between letters is a contraction inside the value (review rev21 MED-2: "it's V" masked "it")
                // a no-value word may stand in brackets: "password: (none)" (review rev21 LOW-4); one that starts a longer value
                // keeps it only when it holds no credential ("password: none Zx9kQ2vLm4" was kept whole)
                + "(?!\\[REDACTED(?::[0-9a-f]{4,8})?\\])(?!\\(?" + NOT_A_VALUE + "\\)?[.!?,;]?[ \\t]*(?:[\\r\\n\"'\\\\]|$))(?![|>][-+0-9]{0,2}[ \\t]*(?:[\\r\\n]|$))[^\\s\"'\\\\]" + CONTRACTED_REST,
                (m, in, e) -> noValueAt(in, m.end(1), true) || maskedAfterMarks(in, m.end(1)) || inShellExpansion(in, m.start()) || NOT_A_VALUE_FIRST.matcher(in).region(m.end(1), m.end()).lookingAt()
                        && !NotASecret.holdsCredential(in, m.end(1)) || m.group().substring(m.end(1) - m.start()).matches("[)\\]};,]+") ? m.group() : m.group(1) + MASK);
        // The default of a credential's environment variable or property (os.getenv("DB_PASSWORD", "V"), System.getProperty(
        // "api.key", "V")): the call is code, its default the secret (review r26s LOW).
        anyCaseRule("environment-default", t("getenv", "environ", "getproperty", "env"), "((?:(?i:getenv|environ\\.get|getproperty|env\\.fetch)\\([ \t]*[\"']"
                + ENV_NAME + "[\"'][ \t]*(?:,|\\)[ \t]*" + FALLBACK + ")"
                // a fallback after the variable read (review rev21 MED-2): process.env.API_KEY || "V", ?? "V", os.getenv("X") or "V"
                + "|(?<![A-Za-z0-9_])(?i:process\\.env|env)(?:\\.[A-Za-z0-9_]{0,60}?(?i:key|secret|token|pass|pwd|credential)[A-Za-z0-9_]{0,60}"
                + "|\\[[ \t]*[\"']" + ENV_NAME + "[\"'][ \t]*\\])[ \t]*" + FALLBACK + ")[ \t]*[\"'`])"
                + "(?!\\[REDACTED)(?!" + NOT_A_VALUE + "[\"'`])([^\"'`\\\\\r\n]+)(?=[\"'`])", KEEP_LABEL);
        // An element named as a credential (<password>V</password>, <apiKey>V</apiKey>): a password's or API key's content
        // goes whole; a generic name's (<token>, <secret>, <key>) only when it is shaped like one (<token>the</token> is NLP).
        anyCaseRule("xml-credential-element", t("<"), "(<((?i:" + CREDENTIAL_NAMES + "))(?:[ \t][^<>\r\n]{0,200})?>[ \t]*)"
                + "(?!\\[REDACTED)([^<\r\n]++)(?=</)", (m, in, e) -> secretContent(m.group(2), m.group(3)) ? m.group(1) + MASK : m.group());
        // An element whose key or name attribute names a credential: <entry key="password">V</entry> (Java's XML properties),
        // <property name="db.password">V</property>.
        anyCaseRule("xml-named-credential", t("key=", "name=", "key =", "name ="), "(<[A-Za-z][A-Za-z0-9:_.-]*[ \t][^<>\r\n]{0,200}?(?i:key|name)[ \t]*=[ \t]*[\"']"
                + "([A-Za-z0-9_.:-]{0,60}?(?i:key|secret|token|password|passwd|pwd|connectionstring))[\"'][^<>\r\n]{0,200}>[ \t]*)"
                + "(?!\\[REDACTED)([^<\r\n]++)(?=</)", (m, in, e) -> secretContent(m.group(2), m.group(3)) ? m.group(1) + MASK : m.group());
        // .NET appSettings and Spring beans: <add key="ApiKey" value="V"/>, <property name="password" value="V"/>.
        anyCaseRule("appsettings-credential", t("value"), "((?i:key|name)[ \t]*=[ \t]*\"([A-Za-z0-9_.:-]{0,60}?(?i:key|secret|token|password|passwd|pwd"
                + "|connectionstring))\"[ \t]+(?i:value)[ \t]*=[ \t]*\")(?!\\[REDACTED)([^\"\r\n]+)",
                (m, in, e) -> secretContent(m.group(2), m.group(3)) ? m.group(1) + MASK : m.group());
        // curl -u user:password, --user=user:password, -u 'user:password', -uuser:password: the user stays; a quoted pair's
        // password runs to its closing quote (review rev23 MED-5), a variable ($PASS) is no password.
        // (flags together, -su and -Lu, a quoted user, a quoted password after the ':': review rev23c)
        RULES.add(new Rule("cli-user-password", t("-"), Pattern.compile("(?=-)((?<![A-Za-z0-9_-])(?:-[A-Za-z]{0,4}u|--user)(?:[ \t]+|=|(?<=-u)(?=[A-Za-z0-9_]))"
                + "[\"']?[^\\s:\"'/]{1,64}[\"']?:[\"']?)(?!\\[REDACTED)(?!\\$[A-Za-z_{])"
                // a quoted password, or a pair in quotes, runs to its closing quote; else to a blank or a quote
                + "((?<=:[\"'])[^\"'\r\n]+(?=[\"'])|(?<=[\"'][^\\s:\"'/]{1,64}:)[^\"'\r\n]+(?=[\"'])|[^\\s\"']+)"),
                KEEP_LABEL, false, CredentialRules::userFlag));
        // name = value: connection-string keys (AccountKey=), headers (api-key:, x-api-key:), env, JSON and properties
        // assignments (my.api.key=), the operators :, =, =>, :=, ?= and += (review r24s M1: ":=" after a space left the value). Keywords
        // match in any case (PASSWORD=, Api_Key:, X-API-KEY:): header names are case-insensitive and so is how people spell them.
        // "sig" (an Azure SAS signature) only as sig=..., a word on its own: "SIG: plenary session" is prose.
        // The pattern tries its thirty names at every position (5 s over the sample's 9 MB of prompts, most holding "key" or
        // "token"): it only runs where a word ending as a name stands right before its operator, the only places it can match.
        String[] assignmentTriggers = t("key", "ecret", "oken", "assw", "_pass", "pwd", "sig", "redential", "uthorization");
        RULES.add(new Rule("assignment", assignmentTriggers, Pattern.compile(
                "((?i:(?:api[_.-]?key|apikey|api[_.-]?token|access[_.-]?key(?:[_.-]?id)?|secret[_.-]?access[_.-]?key|secret[_.-]?key"
                        + "|client[_.-]?secret|auth[_.-]?token|access[_.-]?token|refresh[_.-]?token|id[_.-]?token|session[_.-]?token|account[_.-]?key"
                        + "|shared[_.-]?access[_.-]?key|shared[_.-]?access[_.-]?signature|subscription[_.-]?key|private[_.-]?key|credentials?|password"
                        + "|passwd|pwd|secret|token|(?<![a-z])sig(?==)|authorization"
                        // variable names ending in a credential word, assigned with '=': DB_PASS=, STRIPE_KEY= (a JSON "price_key": is a field);
                        // the name starts where a word starts, else every position of a long word retries it (quadratic)
                        // (one character class, not a repeated group: a group repeated per segment recursed and overflowed the stack on key-key-key-...)
                        + "|(?<![a-z0-9_-])[a-z0-9][a-z0-9_-]*_(?:pass|pwd|key|secret|token|password)(?==)))"
                        // a quote escaped up to three times: JSON in a JSON string in a JSON string (\\\"token\\\": \\\"V)
                        // a subscript's ']' ([api_key]=V, params['api_key'] = V); a value in brackets (api_key=<V>, api_key=(V))
                        + "(?:\\\\{0,3}[\"'])?\\]?\\s*(?:=>|:=|[?+]=|[:=])\\s*(?:@?\\\\{0,3}[\"'])?[<(]?)" + VERBATIM_QUOTE_AHEAD
                        + "(?!=)(?!(?i:bearer|basic)\\s)(?!" + NOT_A_VALUE + ")(?![A-Za-z][A-Za-z0-9._-]{0,30}\\s+\\[REDACTED(?::[0-9a-f]{4,8})?\\])"
                        // a YAML block indicator (api_key: |) is no value: the yaml-block rule masked the line after it
                        + "(?![|>][-+0-9]{0,2}[ \\t]*(?:[\\r\\n]|$))"
                        // a word then more words is a phrase to the end of the line or quote: kept whole when prose, masked whole
                        // when it holds a credential (review r26t MED-3: "token: the Zq9Lm2Xv8 one" masked "the" alone)
                        + "((?<![<(])(?=\\p{L}++(?:'\\p{L}++)?[ \\t]++[^\\s\"'\\\\])" + CONTRACTED_REST + "[^\\s\"'\\\\]|" + ASSIGNED_VALUE + ")"),
                CredentialRules::assignedValue, true, CredentialRules::nameBeforeOperator));
        // A credential's name in the possessive ("my password's V", "the secret's V"), redis-cli's -a V, and a user and
        // password after "creds:" ("creds: admin / V") (review rev21 MED-2): a value shaped like a password.
        anyCaseRule("possessive-credential", t("'s", "\u2019s"), "((?<![A-Za-z])(?i:password|passwd|passphrase|pwd|secret|token|api[ _-]?key)"
                + "['\u2019]s[ \t]+(?:(?i:is|was)[ \t]+)?)(?!\\[REDACTED)([^\\s\"'`<>,;()\\[\\]{}\\\\]++)", CredentialRules::passwordShapedValue);
        rule("redis-cli-password", t("redis-cli"), "((?<![A-Za-z0-9_-])redis-cli(?:[ \t]+[^\\s|;&]+){0,12}?[ \t]+(?:-a|--pass)[ \t]+)"
                + "(?!\\[REDACTED)([^\\s\"']+)", KEEP_LABEL);
        // (also user:password, and "login alice:V", "u/p: alice/V": review rev23 LOW-6)
        anyCaseRule("user-slash-password", t("cred", "login", "u/p"), "((?<![A-Za-z])(?i:creds?|credentials?|login|u/p)[ \t]*(?::|=|[ \t](?i:are|is)|(?=[ \t]))[ \t]*"
                + "[^\\s/:\"'`<>]{1,64}(?:[ \t]*/[ \t]*|:))(?!\\[REDACTED)([^\\s\"'`<>,;()\\[\\]{}\\\\]++)",
                // after a ':' digits alone are a port (login localhost:8080: review rev23b LOW-8)
                (m, in, e) -> m.group(1).endsWith(":") && withoutTrailingPunctuation(m.group(2)).chars().allMatch(Character::isDigit)
                        ? m.group() : passwordShapedValue(m, in, e));
        // Prose, flags and a generic name alone (review r24s 2nd list): "password is V", "my token is: V", "--password V",
        // "-p V", "mysql -pV", "Key = V", "auth: V", "api key: V". These words lead prose as often as secrets ("the key is to
        // cache prompts", "Key = value pairs", "-p 8080"), so the value goes only when it is shaped like a credential
        // (TokenShapes.credentialShaped); a bare "key" also not when it holds ':' or '/' (a cache key, a path).
        // (the first look lets only a word's first letter that starts a name try the alternatives: 13 -> 20 CPU s without it)
        anyCaseRule("credential-word-value", t("key", "ecret", "oken", "pass", "pwd", "auth", "-p", "redential"), "(?<![A-Za-z])(?=[-aAkKtTsSpPcCrR])("
                + "(?<![A-Za-z0-9_-])--(?i:" + CREDENTIAL_NAMES + "|pass|auth)(?:[ \t]+|[ \t]*=[ \t]*)"
                // -p alone or glued (mysql -pV): a port, a path or a word is no credential's shape
                + "|(?<![A-Za-z0-9_-])-p[ \t]*"
                // (not before "for|of|on|to" or an operator: "Password for root: V" and "password -> V" are read by the forms below)
                + "|(?<![A-Za-z])(?i:password|passwd|passphrase|pwd)(?:" + WHOSE + "?[ \t]+(?i:is|was)(?:[ \t]*:)?)?[ \t]+(?!(?i:for|of|on|to)[ \t]|[-=:\u2192\u2013\u2014])"
                // a password's name then a dash between blanks (Password - V, Password — V: review rev23 MED-3)
                + "|(?<![A-Za-z])(?i:password|passwd|passphrase|pwd)[ \t]+[-\u2013\u2014][ \t]+"
                // a JSON key "pass" ({"pass": "V"})
                + "|(?<![A-Za-z])(?i:pass|passwd|pwd)\\\\{0,3}[\"'][ \t]*:[ \t]*"
                + "|(?<![A-Za-z])(?i:" + CREDENTIAL_NAMES + "|api[ ]key|api[ ]token|access[ ]token|auth[ ]token|secret[ ]key|pass|auth)"
                // a qualifier before the operator: Password (prod): V, Password [case-sensitive]: V (review rev23 MED-3)
                + "(?:[ \t]*[(\\[][^()\\[\\]\r\n]{1,30}[)\\]](?=[ \t]*[:=]))?"
                // name = V (or -> V, → V, == "V"), name is V, the name for the db is V, and a name then a tab or space (SECRET\tV,
                // TOKEN V, API_KEY V)
                + "(?:[ \t]*(?:=>|:=|->|\u2192|={2,3}|[:=])|" + WHOSE + "[ \t]*:(?=[ \t]|$)|" + WHOSE + "?[ \t]+(?i:is|was)(?:[ \t]*:)?"
                // (a name then a space only before a word with a digit, as credentialShaped needs: "key token V" does not
                // spend "token" as the value of "key"; a bounded look, so a long run of names stays linear)
                + "|(?=[ \t]+[^\\s\"'`<>,;()\\[\\]{}\\\\]{0,64}[0-9]))[ \t]*)(?:@?\\\\?[\"'`])?" + VERBATIM_QUOTE_AHEAD
                + "(?!\\[REDACTED)([^\\s\"'`<>,;()\\[\\]{}\\\\]++)",
                // after a password's name a password's shape is enough (review rev23 MED-4: "my password is hunter22x" was kept)
                (m, in, e) -> !inShellExpansion(in, m.start())
                        && (credentialShaped(m.group(2)) || passwordName(m.group(1)) && passwordOfEight(m.group(2)) && !noValueAt(in, m.start(2), true))
                        && !(bareKey(m.group(1)) && (m.group(2).contains(":") || m.group(2).contains("/")))
                        ? in.substring(m.start(), m.start(2)) + MASK + trailingPunctuation(m.group(2)) : m.group(), TokenShapes::hasShapedRun);
        // A placeholder or a word saying there is none, then a secret beside it (review rev23 MED-1: "password: ********
        // (real one: V)", "api_key=YOUR_KEY_HERE V", "password=${DB_PASSWORD}V"): the rules above keep the placeholder and
        // stop; here each word shaped like a credential in the rest of the value goes, up to the next name=.
        anyCaseRule("secret-beside-placeholder", t("key", "ecret", "oken", "pass", "pwd", "redential"),
                // (the name where a word or a part of one after '_' starts: DB_PASSWORD, OPENAI_API_KEY; a first look keeps it cheap)
                "(?<![A-Za-z])(?=[pPsStTaAkKcC])((?i:pass(?:word|wd|phrase)?|pwd|secret|token|api[ _.-]?key|apikey|key|credentials?)[A-Za-z0-9_]{0,20}"
                + "(?:\\\\{0,3}[\"'`])?\\]?[ \t]*(?:=>|:=|[:=]|[ \t](?i:is|was))[ \t]*(?:\\\\{0,3}[\"'`](?![\"']))?)"
                + "(" + PLACEHOLDER + ")([^\\r\\n]{1,200})", CredentialRules::secretsAfterPlaceholder,
                CredentialRules::placeholderMark);
        // A password named in another language or as "pw" (пароль:, Passwort:, mot de passe :, 密码：): the value only when
        // it is shaped like a credential ("пароль: забыли" is prose). Latin and Cyrillic names start a word; CJK ones need not.
        anyCaseRule("password-in-other-languages", t("пароль", "passwort", "kennwort", "passe", "contrase", "senha", "wachtwoord",
                "hasło", "haslo", "密码", "密碼", "パスワード", "비밀번호", "pw"), "(?=[пПpPkKmMcCsSwWhH密パ비])((?:(?<![\\p{L}\\p{N}_])(?iu:пароль|passwort|kennwort"
                + "|mot de passe|contrase(?:ñ|n)a|senha|wachtwoord|has(?:ł|l)o|pw)|密码|密碼|パスワード|비밀번호)[ \t]*[:=：][ \t]*(?:\\\\{0,3}[\"'])?)"
                // the value ends where CJK, kana, Hangul or a fullwidth form starts: those scripts put no space after it
                // ("密码：见密码管理器（1Password）" is prose, "密码：Abc12345请妥善保管" masks Abc12345)
                + "(?!\\[REDACTED)([^\\s\"'`<>,;()\\[\\]{}\\\\\u2E80-\uFFEF]++)",
                CredentialRules::passwordShapedValue);
        // A 40-character mixed base64 token on its own: the shape of an AWS secret access key (no trigger: a run of 40
        // base64 characters is the gate).
        RULES.add(new Rule("aws-secret-key", null, Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])"),
                (m, in, e) -> looksRandom(m.group()) ? MASK : m.group(), false, TokenShapes::hasRunOf40));
    }

    private CredentialRules() {
    }

    /**
     * Whether an element's or setting's content is a secret: under a password's or API key's name anything but a word
     * saying there is none; under a generic name (token, secret, key) only a value shaped like a credential.
     */
    private static boolean secretContent(String name, String content) {
        String n = name.toLowerCase(java.util.Locale.ROOT), v = content.strip();
        boolean strict = n.contains("pass") || n.contains("pwd") || n.contains("api") || n.contains("access") || n.contains("refresh")
                || n.contains("auth") || n.contains("client") || n.contains("private") || n.contains("connection") || n.length() > 12;
        return !v.isEmpty() && (strict ? !NOT_A_VALUE_WHOLE.matcher(v).matches() : credentialShaped(v));
    }

    /**
     * Whether what starts at {@code at}, after a credential's name and operator, is code, a placeholder or prose; after a
     * strict name (a password's, a secret's) only prose that says what the password is like ({@link NotASecret#prose}).
     */
    private static boolean noValueAt(String in, int at, boolean strict) {
        return NotASecret.codeOrPlaceholder(in, at) || NotASecret.prose(in, at, strict);
    }

    /**
     * An assignment's value masked, or kept when it is a placeholder, a count, code or prose. A phrase (words to the end of
     * the line) is masked whole after a strict name (a passphrase: "secret: it is dragon") or when it holds a credential,
     * else as one value would be: its first word.
     */
    private static String assignedValue(Matcher m, String in, UnaryOperator<String> escape) {
        String label = m.group(1), phrase = m.group(2);
        Matcher one = ONE_ASSIGNED_VALUE.matcher(phrase);
        String value = one.lookingAt() ? one.group() : phrase;
        String name = label.toLowerCase(java.util.Locale.ROOT);
        boolean strict = name.contains("pass") || name.contains("pwd") || name.contains("secret");
        if (placeholderOrCount(label, value) || noValueAt(in, m.start(2), strict) || inBrackets(label) && !credentialShaped(value)
                || maskedAfterMarks(in, m.start(2)) || inShellExpansion(in, m.start())) {
            return m.group();
        }
        boolean whole = value.length() < phrase.length() && (strict || NotASecret.holdsCredential(in, m.start(2)));
        return label + MASK + (whole ? "" : phrase.substring(value.length()));
    }

    /**
     * Whether the value at {@code at} is marks (**, :-, ?) then a mask a rule before left: a name in Markdown (**Password:**
     * [REDACTED]) or a shell default (${DB_PWD:-[REDACTED]}) has its secret masked already, the marks are no value.
     */
    private static boolean maskedAfterMarks(String in, int at) {
        int i = at;
        while (i < in.length() && i - at < 8 && !Character.isLetterOrDigit(in.charAt(i)) && in.charAt(i) != '['
                && in.charAt(i) != '\n' && in.charAt(i) != '\r') {
            i++;
        }
        return in.startsWith(MASK.substring(0, MASK.length() - 1), i);
    }

    /**
     * Whether a name matched at {@code start} is a shell variable's inside ${…} (${TOKEN:-default}, ${API_KEY:?required}):
     * its ':' is the expansion's operator, not an assignment's; the default, if a secret, is shell-default-credential's
     * (review rev23b MED-3: the operator was masked and the braces lost).
     */
    private static boolean inShellExpansion(String in, int start) {
        int i = start;
        while (i > 0 && (Character.isLetterOrDigit(in.charAt(i - 1)) || in.charAt(i - 1) == '_')) {
            i--;
        }
        return i >= 2 && in.charAt(i - 1) == '{' && in.charAt(i - 2) == '$';
    }

    /** Whether an assignment's label ends in the bracket that opens its value (api_key=<V>): code or a placeholder but for a credential's shape. */
    private static boolean inBrackets(String label) {
        char last = label.charAt(label.length() - 1);
        return last == '<' || last == '(';
    }

    private static final Pattern NOT_A_VALUE_WHOLE = Pattern.compile(NOT_A_VALUE + "\\.?");

    /** The provider keywords as the rule's pattern spells them (new[_-]?relic). */
    static List<String> providerKeywords() {
        return PROVIDER_KEYWORDS;
    }

    /** The longest literal part of each provider keyword ("relic" of new[_-]?relic): one of them occurs wherever the rule matches. */
    private static String[] providerKeywordTriggers() {
        return PROVIDER_KEYWORDS.stream()
                .map(k -> Arrays.stream(k.split("\\[_-]\\?")).max(Comparator.comparingInt(String::length)).orElseThrow())
                .toArray(String[]::new);
    }

    /** Whether the matched name is "key" alone (its value may be a cache key or a path). */
    private static boolean bareKey(String label) {
        String l = label.strip();
        return l.regionMatches(true, 0, "key", 0, 3) && (l.length() == 3 || !Character.isLetter(l.charAt(3)));
    }

    /**
     * A value masked when shaped like a credential or a password (letters and digits together, as "hunter22": review rev21
     * LOW-3, "пароль: qwerty98765" was kept where "password: qwerty98765" is masked), its sentence punctuation kept.
     */
    private static String passwordShapedValue(Matcher m, String in, UnaryOperator<String> escape) {
        String v = m.group(2);
        return credentialShaped(v) || NotASecret.passwordShaped(v) ? m.group(1) + MASK + trailingPunctuation(v) : m.group();
    }

    /**
     * A password's shape over 8 or more characters with a letter and a digit (hunter22x): what credential-word-value's gate
     * (TokenShapes.hasShapedRun) lets through, so the gate never hides a change it makes.
     */
    private static boolean passwordOfEight(String v) {
        String bare = withoutTrailingPunctuation(v);
        return bare.length() >= 8 && NotASecret.passwordShaped(bare) && bare.chars().anyMatch(Character::isLetter)
                && bare.chars().anyMatch(Character::isDigit);
    }

    /** Whether a matched label names a password (password, passwd, passphrase, pwd, pass), not a key or a token. */
    private static boolean passwordName(String label) {
        String l = label.toLowerCase(java.util.Locale.ROOT);
        return l.contains("pass") || l.contains("pwd");
    }

    /**
     * Where the rest after a placeholder stops: the next name= or, after a separator, name: or "name": (a list of
     * settings, a JSON object's next key), each name's value its own (review rev23b: "token: null, max_tokens: 4096").
     */
    private static final Pattern NEXT_SETTING = Pattern.compile("[ \\t][A-Za-z_][A-Za-z0-9_.-]{0,64}[ \\t]*=(?!=)"
            + "|[,;&][ \\t]*\\\\{0,3}[\"']?[A-Za-z_][A-Za-z0-9_.-]{0,64}\\\\{0,3}[\"']?[ \\t]*[=:]");

    /** Words after which a word is a place, a version or a count, not a secret: "on host db01", "port 5432", "--seed 1234". */
    private static final java.util.Set<String> CONTEXT_WORDS = java.util.Set.of("on", "for", "host", "port", "model", "region",
            "since", "seed", "in", "at", "node", "server", "version", "v", "from", "to", "until", "id", "user", "db", "database",
            "--seed", "--model", "--port", "--host", "-p");
    /** A run that may be a secret in the rest: between blanks, quotes, brackets and a placeholder's marks. */
    private static final Pattern RUN = Pattern.compile("[^\\s\"'`<>,;()\\[\\]{}\\\\|*\u2022%$:]+");

    /**
     * The rest after a placeholder with each run shaped like a credential masked (its edge punctuation kept): after a
     * password's name a password's shape, else a credential's; not a URL, a path, a dotted name or version, nor a word
     * after one that says it is a place or a count (review rev23b MED-1).
     */
    private static String secretsAfterPlaceholder(Matcher m, String in, UnaryOperator<String> escape) {
        boolean password = passwordName(m.group(1));
        int from = m.start(3), to = Math.min(m.end(3), NotASecret.valueEnd(in, from));
        Matcher next = NEXT_SETTING.matcher(in).region(from, to);
        if (next.find()) {
            to = next.start();
        }
        StringBuilder rest = new StringBuilder();
        Matcher run = RUN.matcher(in).region(from, to);
        int last = from;
        boolean masked = false;
        while (run.find()) {
            String r = run.group();
            int a = 0, b = r.length();
            while (a < b && !Character.isLetterOrDigit(r.charAt(a))) {
                a++;
            }
            while (b > a && !Character.isLetterOrDigit(r.charAt(b - 1))) {
                b--;
            }
            String core = r.substring(a, b);
            String before = previousWord(in, from, run.start());
            // (a word shaped like a credential stays a secret after "to" or "at": review rev23c)
            boolean place = core.contains(".") || core.contains("/") || in.startsWith("//", run.end())
                    || CONTEXT_WORDS.contains(before.toLowerCase(java.util.Locale.ROOT)) && !credentialShaped(core);
            if (!core.isEmpty() && !core.equals("REDACTED") && !place
                    && (credentialShaped(core) || password && NotASecret.passwordShaped(core))) {
                rest.append(in, last, run.start() + a).append(MASK);
                last = run.start() + b;
                masked = true;
            }
        }
        if (!masked) {
            return m.group();
        }
        rest.append(in, last, m.end(3));
        return m.group(1) + m.group(2) + rest;
    }

    /**
     * secret-beside-placeholder's gate: a placeholder's mark ({@code < $ { % * •} or a quote), a word naming what goes
     * there (your, insert, enter, replace, here) or one saying there is none ({@link #NONE_WORDS}), which every match holds.
     */
    private static boolean placeholderMark(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<' || c == '$' || c == '{' || c == '%' || c == '*' || c == '\u2022' || c == '"' || c == '\'') {
                return true;
            }
        }
        // one lower-case copy and String.indexOf: 2x faster over the sample than Rule.containsAnyIgnoreCase's 18 scans
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        for (String w : PLACEHOLDER_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        for (String w : NONE_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a text holds a '-' that up to four letters and a 'u' follow (-u, -su, -Lu, --user): cli-user-password's gate. */
    private static boolean userFlag(String s) {
        for (int i = s.indexOf('-'); i >= 0; i = s.indexOf('-', i + 1)) {
            for (int j = i + 1; j < s.length() && j - i <= 6 && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '-'); j++) {
                if (s.charAt(j) == 'u') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a text has what markdown-credential needs: emphasis or code marks, or a table's column rule. */
    private static boolean markdownOrTable(String s) {
        return s.indexOf('|') >= 0 || s.indexOf('`') >= 0 || s.indexOf('*') >= 0 || s.indexOf('_') >= 0;
    }

    /** The word right before {@code at} (back to {@code from}), its edge punctuation aside; "" when none. */
    private static String previousWord(String in, int from, int at) {
        int end = at;
        while (end > from && !Character.isLetterOrDigit(in.charAt(end - 1)) && in.charAt(end - 1) != '-') {
            end--;
        }
        int start = end;
        while (start > from && (Character.isLetterOrDigit(in.charAt(start - 1)) || in.charAt(start - 1) == '-')) {
            start--;
        }
        return in.substring(start, end);
    }

    /** The value without the sentence punctuation that ends it. */
    private static String withoutTrailingPunctuation(String v) {
        return v.substring(0, v.length() - trailingPunctuation(v).length());
    }

    /** The sentence punctuation that ends a value ("password is V."), kept after the mask. */
    private static String trailingPunctuation(String v) {
        int n = v.length();
        while (n > 0 && ".,;:!?)".indexOf(v.charAt(n - 1)) >= 0) {
            n--;
        }
        return v.substring(n);
    }


    private static void rule(String family, String[] triggers, String regex, Rule.Replacer replacer) {
        RULES.add(Rule.of(family, triggers, regex, replacer));
    }

    /** A token with a fixed prefix or shape, whole (no letter or digit right before or after); all of it is masked. */
    private static void prefixed(String family, String[] triggers, String regex) {
        rule(family, triggers, EDGE + "(?:" + regex + ")" + END, MASK_ALL);
    }

    /** How the assignment rule's names end, lower case ("access_key_id" in "id", "DB_PASS" in "pass"). */
    private static final String[] ASSIGNMENT_NAME_ENDS = {"key", "id", "token", "secret", "signature", "credential", "credentials",
            "password", "passwd", "pwd", "sig", "authorization", "pass"};

    /**
     * Whether a ':' or '=' has right before it (past regex spaces, then a quote and a backslash before that quote) a word
     * ending as an assignment name ends, in any case: what the assignment pattern needs to match. Linear: each run of
     * spaces is walked back from the one operator after it.
     */
    static boolean nameBeforeOperator(String s) {
        for (int p = 0; p < s.length(); p++) {
            char c = s.charAt(p);
            if (c != ':' && c != '=') {
                continue;
            }
            int q = p;
            if (c == '=' && q > 0 && (s.charAt(q - 1) == ':' || s.charAt(q - 1) == '?' || s.charAt(q - 1) == '+')) {
                q--; // :=, ?=, += (Go, Makefile): the name stands before the operator's first character
            }
            while (q > 0 && regexSpace(s.charAt(q - 1))) {
                q--;
            }
            if (q > 0 && s.charAt(q - 1) == ']') {
                q--; // a subscript: [api_key]=, params['api_key'] =
            }
            if (endsWithName(s, q)) {
                return true;
            }
            if (q > 0 && (s.charAt(q - 1) == '"' || s.charAt(q - 1) == '\'')) {
                int r = q - 1;
                while (r > 0 && q - 1 - r < 3 && s.charAt(r - 1) == '\\') {
                    r--; // the quote escaped up to three times, as the pattern reads it
                }
                if (endsWithName(s, q - 1) || endsWithName(s, r)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** \s without flags: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean regexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    private static boolean endsWithName(String s, int end) {
        for (String name : ASSIGNMENT_NAME_ENDS) {
            if (end >= name.length() && s.regionMatches(true, end - name.length(), name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }

    /** A rule whose triggers (lower case) are looked for in any case, for keywords people write in any case. */
    private static void anyCaseRule(String family, String[] triggers, String regex, Rule.Replacer replacer) {
        RULES.add(Rule.anyCase(family, triggers, regex, replacer));
    }

    /** As {@link #anyCaseRule(String, String[], String, Rule.Replacer)}, run only where the gate finds what a match needs. */
    private static void anyCaseRule(String family, String[] triggers, String regex, Rule.Replacer replacer, Predicate<String> gate) {
        RULES.add(new Rule(family, triggers, Pattern.compile(regex), replacer, true, gate));
    }
}
