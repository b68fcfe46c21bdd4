package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forms found around review r24s's second list: "password => 'V'" masked the '>' and kept the value; JSON escaped twice
 * (a logged string holding a logged JSON string) kept {@code \\\"token\\\": \\\"V\\\"}; a password named in another
 * language (пароль, Passwort, mot de passe, 密码, パスワード) or as "pw" was never looked at. Review r26s's LOW list:
 * "password -> V", "password → V", "Password for root: V", {"pass": "V"}, assert token == "V" and
 * {@code <entry key = "password">V</entry>} kept V, and os.getenv("DB_PASSWORD", "V") its default.
 */
class PasswordsInOtherLanguagesArrowsAndDoublyEscapedJsonAreMaskedTest {
    private static final String KEY = "Qh7vT2xLp9Wm4Zr8Kc3Nb6Yd1Fs5Gj0A";
    private static final String PASSWORD = "Tr0ub4dor&3xyz";

    @ParameterizedTest
    @ValueSource(strings = {"password => '{P}'", "passwd => \"{P}\"", "{\\\\\\\"token\\\\\\\": \\\\\\\"{V}\\\\\\\"}",
            "{\\\\\\\"password\\\\\\\":\\\\\\\"{P}\\\\\\\"}", "ПАРОЛЬ: {P}", "пароль: {P}", "Passwort: {P}", "Kennwort = {P}",
            "mot de passe : {P}", "contraseña: {P}", "senha: {P}", "wachtwoord: {P}", "hasło: {P}", "密码：{P}", "密碼: {P}",
            "パスワード: {P}", "비밀번호: {P}", "pw: {P}", "PW={P}",
            // review r26s LOW: an arrow, an owner before ':', a JSON key "pass", a comparison, spaces around an attribute's '='
            "password -> {P}", "password \u2192 {P}", "Password for root: {P}", "Password for user admin: {P}", "{\"pass\": \"{P}\"}",
            "assert token == \"{V}\"", "<entry key = \"password\">{P}</entry>", "password = os.getenv(\"DB_PASSWORD\", \"{P}\")",
            "String pw = System.getProperty(\"db.password\", \"{P}\");"})
    void theValueIsMasked(String form) {
        String text = "config: " + form.replace("{V}", KEY).replace("{P}", PASSWORD) + "\nend";
        String out = Redactor.redact(text);
        assertFalse(out.contains(KEY) || out.contains("Tr0ub4dor") || out.contains("3xyz"), out);
        assertTrue(out.contains(Redactor.MASK), out);
        assertTrue(out.startsWith("config: ") && out.endsWith("\nend"), "only the value is masked: " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"пароль: забыли", "Passwort vergessen", "mot de passe : oublié", "密码：忘记了", "pw: see the vault",
            "the pw is the same", "Пароль должен содержать 8 символов", "Kennwort: ändern",
            "Password for root: must be at least 12 characters long", "{\"pass\": true}", "assert token == expected", "password -> hashed",
            "port = os.getenv(\"PORT\", \"8080\")", "password = os.getenv(\"DB_PASSWORD\", \"\")"})
    void proseStaysUntouched(String line) {
        assertEquals(line, Redactor.redact(line));
    }
}
