package io.techopt.report;

import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review of main 625f5b4: credential shapes of gitleaks' rule list (and a few without a prefix of their own) that
 * reached every output, with the reviewer's own planted values; and names and prose the redactor wrongly masked.
 */
class RedactorReviewedFamiliesTest {

    @Test
    void everyShapeThatPassedMain625f5b4IsRedactedInEveryContext() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("LTAI5tH18abcdefghijklmn", "LTAI5tH18abcdefghijklmn");
        cases.put("EAACEdEose0cBAH18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "EAACEdEose0cBAH18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
        cases.put("HRKU-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijklmnopq", "HRKU-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijklmnopq");
        cases.put("lin_api_H18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", "lin_api_H18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN");
        cases.put("0a1b2c3d4e5f60718293a4b5c6d7e8f1-us12", "0a1b2c3d4e5f60718293a4b5c6d7e8f1-us12");
        cases.put("key-0a1b2c3d4e5f60718293a4b5c6d7e8f1", "key-0a1b2c3d4e5f60718293a4b5c6d7e8f1");
        cases.put("NRAK-H18ABCDEFGHIJKLMNOPQRSTUVW", "NRAK-H18ABCDEFGHIJKLMNOPQRSTUVW");
        cases.put("pcsk_H18abc_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8", "pcsk_H18abc_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
        cases.put("PMAK-0a1b2c3d4e5f60718293a4b5-0a1b2c3d4e5f60718293a4b5c6d7e8f9h18", "PMAK-0a1b2c3d4e5f60718293a4b5-0a1b2c3d4e5f60718293a4b5c6d7e8f9h18");
        cases.put("EAAAEH18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "EAAAEH18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123");
        cases.put("sbp_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c18", "sbp_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c18");
        cases.put("H18abcdefghijk.atlasv1.H18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", "atlasv1.H18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
        cases.put("hvs.CAESIH18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "CAESIH18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123");
        cases.put("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", "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");
        cases.put("tvly-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123", "tvly-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123");
        cases.put("whsec_H18q8Zt2Lp6Wm3Xr9Ks4Nv7Bc1Dj5Fg0Ha", "whsec_H18q8Zt2Lp6Wm3Xr9Ks4Nv7Bc1Dj5Fg0Ha");
        cases.put("AGE-SECRET-KEY-1QQH18QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", "AGE-SECRET-KEY-1QQH18QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ");
        cases.put("twilio sid AC1a2b3c4d5e6f708192a3b4c5d6e7f8h18 token 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        cases.put("Cookie: session=H18SessionCookieVal0123456789", "H18SessionCookieVal0123456789");
        cases.put("https://generativelanguage.googleapis.com/v1/models?key=H18GoogleQueryKeyValue0123", "H18GoogleQueryKeyValue0123");
        cases.put("mailto:bob.h18%40corp.example", "bob.h18%40corp.example");
        cases.put("ATBBH18abcdefghijklmnopqrstuvwxyz0123", "ATBBH18abcdefghijklmnopqrstuvwxyz0123");
        cases.put("dckr_pat_H18abcdefghijklmnopqrstuv", "dckr_pat_H18abcdefghijklmnopqrstuv");
        cases.put("FlyV1 fm2_H18abcdefghijklmnopqrstuvwxyz0123456789", "fm2_H18abcdefghijklmnopqrstuvwxyz0123456789");
        cases.put("pul-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c18", "pul-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c18");
        cases.put("dp.pt.H18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM", "dp.pt.H18abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM");
        cases.put("sk_test_51H18TestAbCdEfGhIjKlMnOpQrStUv", "sk_test_51H18TestAbCdEfGhIjKlMnOpQrStUv");
        cases.put("rk_test_51H18TestAbCdEfGhIjKlMnOpQrStUv", "rk_test_51H18TestAbCdEfGhIjKlMnOpQrStUv");
        cases.put("sk_prod_51H18ProdAbCdEfGhIjKlMnOpQrStUv", "sk_prod_51H18ProdAbCdEfGhIjKlMnOpQrStUv");
        cases.put("xoxa-2-H18abcdefghijklmnopqrstuvwxyz012", "xoxa-2-H18abcdefghijklmnopqrstuvwxyz012");
        cases.put("xoxr-H18abcdefghijklmnopqrstuvwxyz0123", "xoxr-H18abcdefghijklmnopqrstuvwxyz0123");
        cases.put("ghr_H18aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", "ghr_H18aBcDeFgHiJkLmNoPqRsTuVwXyZ012345");
        cases.put("gldt-H18abcdefghijklmnopq", "gldt-H18abcdefghijklmnopq");
        cases.put("glcbt-64_H18abcdefghijklmnopq", "glcbt-64_H18abcdefghijklmnopq");
        cases.put("glsoat-H18abcdefghijklmnopq", "glsoat-H18abcdefghijklmnopq");
        cases.put("api_org_H18abcdefghijklmnopqrstuvwxyzABCD", "api_org_H18abcdefghijklmnopqrstuvwxyzABCD");
        cases.put("sk-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefgh", "sk-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefgh");
        cases.put("akiaq18zzzz2345abcdh", "akiaq18zzzz2345abcdh"); // an AWS key id lower-cased in a model name
        List<String> leaks = new ArrayList<>();
        for (var c : cases.entrySet()) {
            for (String context : List.of("%s", "see %s now", "{\"v\":\"%s\"}", "x_%s", "'%s'", "<td>%s</td>", "a,%s,b")) {
                String text = context.replace("%s", c.getKey());
                String shown = Redactor.redact(text);
                if (shown.contains(c.getValue())) {
                    leaks.add(text + " -> " + shown);
                }
                assertEquals(shown, Redactor.redact(shown), "redacting twice changes nothing: " + shown);
            }
            assertTrue(Redactor.containsSecret(c.getKey()), c.getKey());
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
    }

    @Test
    void anEncodedEmailGetsThePseudonymOfThePlainOne() {
        String plain = Redactor.redact("bob.h18@corp.example");
        assertTrue(plain.startsWith("<email:"), plain);
        assertEquals("mailto:" + plain, Redactor.redact("mailto:bob.h18%40corp.example"));
    }

    @Test
    void namesThatMerelyStartWithSkStay() {
        for (String ok : List.of("sk-platform", "sk-llama-7b", "sk-data-team", "sk-llama-3-8b-instruct", "team sk-search", "sk-2024-q3")) {
            assertEquals(ok, Redactor.redact(ok));
            assertFalse(Redactor.containsSecret(ok), ok);
        }
        // real keys, short or long, still go
        for (String key : List.of("sk-abcdefghijklmnop", "sk-abc12345678", "sk-proj-Ab12Cd34Ef56Gh78Ij90", "sk-ant-api03-ZZZZyyyyXXXX1111",
                "sk-Qw7Rt2Yx9Zk4Lm8Np3Vb6Hj1", "sk-lf-0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f1", "sk-H18aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefgh")) {
            assertEquals(Redactor.MASK, Redactor.redact(key), key);
        }
    }

    @Test
    void proseAboutPasswordsStaysAndRealPasswordsGo() {
        for (String ok : List.of("Translate 'password: forgotten' to French.", "Password: reset", "password: expired.",
                "{\"note\":\"password: incorrect\"}", "the password: changed?")) {
            assertEquals(ok, Redactor.redact(ok));
        }
        assertEquals("password: [REDACTED]", Redactor.redact("password: Hunter2Secret9"));
        assertEquals("password: [REDACTED]", Redactor.redact("password: correct horse battery staple"));
        assertEquals("PASSWORD=[REDACTED]", Redactor.redact("PASSWORD=hunter2"));
    }
}
