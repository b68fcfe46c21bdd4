package io.techopt.core.redact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The secret key of e-mail pseudonyms: without it no one holding a report can check a guessed address against its
 * pseudonym. TECHOPT_PSEUDONYM_KEY if set, else a random key kept in {@code ${XDG_CONFIG_HOME:-~/.config}/techopt/
 * pseudonym.key} (0600), created on first use, so pseudonyms stay the same across runs on one machine. Never printed.
 */
public final class PseudonymKey {
    public static final String ENV = "TECHOPT_PSEUDONYM_KEY";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PseudonymKey() {
    }

    /** Loaded on the first address, not before: a run with no address creates no file. */
    private static final class Holder {
        static final byte[] KEY = resolve(System.getenv(), System.getProperty("user.home"));
    }

    /** 32 bits of an HMAC of the text under this machine's key, in hex: stable on the machine, and no guess can be checked against it. */
    public static String pseudonym(String text) {
        return Hmac.hex(key(), text, 4);
    }

    /** 64 bits of the HMAC: a user's pseudonym, where two users alike would merge them (an e-mail address). */
    public static String pseudonym64(String text) {
        return Hmac.hex(key(), text, 8);
    }

    static byte[] key() {
        return Holder.KEY;
    }

    /** The key for this environment; a key file that cannot be kept gives a key for this run only (and says so). */
    static byte[] resolve(Map<String, String> env, String home) {
        String given = env.get(ENV);
        if (given != null && !given.isEmpty()) {
            return given.getBytes(StandardCharsets.UTF_8);
        }
        Path file = keyFile(env, home);
        String why;
        try {
            return fromFile(file);
        } catch (NotAKey e) {
            why = file + " is not a pseudonym key (" + e.getMessage() + "): delete it to make a new key";
        } catch (IOException | RuntimeException e) {
            why = "cannot create the pseudonym key file " + file + " (" + e.getClass().getSimpleName() + ")";
        }
        // one line, said on every run until mended: pseudonyms made now match no report, store or budget of another run
        System.err.println("techopt: warning: " + why + "; e-mail pseudonyms of this run differ from every other run's (or set "
                + ENV + ")");
        return randomKey();
    }

    /** The key file is there but holds no key: its owner must look, so it is never replaced. */
    private static final class NotAKey extends IOException {
        NotAKey(String what) {
            super(what);
        }
    }

    static Path keyFile(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".config");
        return config.resolve("techopt").resolve("pseudonym.key");
    }

    private static byte[] fromFile(Path file) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            if (Files.exists(file)) {
                String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (hex.length() >= 32 && hex.matches("[0-9a-f]+")) {
                    tighten(file);
                    return HexFormat.of().parseHex(hex);
                }
                if (attempt > 0 || !hex.isEmpty()) {
                    throw new NotAKey(hex.isEmpty() ? "the file is empty" : "a key is at least 32 lower-case hex digits");
                }
                sleep(); // another run is writing it
                continue;
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".pseudonym", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                byte[] k = randomKey();
                Files.writeString(tmp, HexFormat.of().formatHex(k) + "\n", StandardCharsets.US_ASCII);
                Files.createLink(file, tmp); // atomic and never over a key another run made first
                return k;
            } catch (FileAlreadyExistsException raced) {
                // another run made it first: read theirs
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new IOException("key file keeps changing");
    }

    private static void tighten(Path file) throws IOException {
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
