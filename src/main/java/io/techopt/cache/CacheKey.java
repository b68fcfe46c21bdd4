package io.techopt.cache;

import io.techopt.core.Message;
import io.techopt.core.PromptKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The exact-cache key: SHA-256 of namespace, model and messages normalized as analyze counts repeats (role, and
 * content with whitespace runs as one space, trimmed). Only the digest is ever stored, so no prompt text or secret
 * in it reaches the key.
 */
public final class CacheKey {
    private CacheKey() {
    }

    public static String of(String namespace, String model, List<Message> messages) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            update(d, namespace == null ? "" : namespace);
            update(d, model);
            for (Message m : messages) {
                update(d, m.role());
                update(d, PromptKey.normalize(m.content()));
            }
            return (namespace == null || namespace.isEmpty() ? "" : namespace + ":") + HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") never collide. */
    private static void update(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((byte) (b.length >>> 24));
        d.update((byte) (b.length >>> 16));
        d.update((byte) (b.length >>> 8));
        d.update((byte) b.length);
        d.update(b);
    }
}
