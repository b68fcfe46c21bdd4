package io.techopt.core.redact;


/**
 * The tag of a label's masked credentials ({@code [REDACTED:3f9a]}): 16 bits of an HMAC of the whole label under a key
 * drawn at random for this run and never written. The same label has one tag across the run's reports and files, and
 * the tag tells nothing of the secret (no prefix of it, and without the key no guess can be checked against it).
 */
public final class LabelTag {
    private LabelTag() {
    }

    private static final byte[] RUN_KEY = runKey();

    private static byte[] runKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    public static String of(String label) {
        return Hmac.hex(RUN_KEY, label, 2);
    }
}
