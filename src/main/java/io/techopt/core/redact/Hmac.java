package io.techopt.core.redact;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The first bytes of an HMAC-SHA256, in hex: what e-mail pseudonyms and label tags show of a text under a key. */
final class Hmac {
    private Hmac() {
    }

    static String hex(byte[] key, String text, int bytes) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
