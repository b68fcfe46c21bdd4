package io.techopt.core.redact;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.techopt.core.redact.Rule.t;

/**
 * The table of tokens known by a distinctive prefix or shape: gitleaks' families (config/gitleaks.toml, read as a list;
 * patterns written here, looser than gitleaks' exact lengths where real tokens vary). Each is a prefix then one
 * character class: linear, whatever the input. {@link CredentialRules} masks each whole.
 */
final class PrefixedTokens {
    /** Character classes of the prefixed tokens' table. */
    private static final String ALNUM = "A-Za-z0-9", ALNUM_DASH = "A-Za-z0-9_-", ALNUM_UNDERSCORE = "A-Za-z0-9_",
            ALNUM_HYPHEN = "A-Za-z0-9-", ALNUM_DASH_EQ = "A-Za-z0-9_=-", ALNUM_DASH_EQ_DOT = "A-Za-z0-9_=.-", UPPER_DIGIT = "A-Z0-9",
            HEX = "A-Fa-f0-9", HEX_LOWER = "a-f0-9";

    /** One row of the table of prefixed tokens: its family, the substrings that must occur, the token's shape. */
    record Shape(String family, String[] triggers, String regex) {
    }

    /** The rows, in the order the rules run. */
    static final List<Shape> TABLE = List.of(
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
    );

    private PrefixedTokens() {
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
        String any = Arrays.stream(prefixes).map(Pattern::quote).collect(Collectors.joining("|", "(?:", ")"));
        return new Shape(family, prefixes, any + "[" + chars + "]" + count);
    }

    /** A row whose token has more parts than a prefix and a class, written as a pattern. */
    private static Shape shape(String family, String[] triggers, String regex) {
        return new Shape(family, triggers, regex);
    }
}
