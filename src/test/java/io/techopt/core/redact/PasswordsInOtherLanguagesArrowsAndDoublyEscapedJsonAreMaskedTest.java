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
 * language (пароль, Passwort, mot de passe, 密码, パスワード) or as "pw" was never looked at.
 */
class PasswordsInOtherLanguagesArrowsAndDoublyEscapedJsonAreMaskedTest {
    private static final String KEY = "Qh7vT2xLp9Wm4Zr8Kc3Nb6Yd1Fs5Gj0A";
    private static final String PASSWORD = "Tr0ub4dor&3xyz";

    @ParameterizedTest
    @ValueSource(strings = {"password => '{P}'", "passwd => \"{P}\"", "{\\\\\\\"token\\\\\\\": \\\\\\\"{V}\\\\\\\"}",
            "{\\\\\\\"password\\\\\\\":\\\\\\\"{P}\\\\\\\"}", "ПАРОЛЬ: {P}", "пароль: {P}", "Passwort: {P}", "Kennwort = {P}",
            "mot de passe : {P}", "contraseña: {P}", "senha: {P}", "wachtwoord: {P}", "hasło: {P}", "密码：{P}", "密碼: {P}",
            "パスワード: {P}", "비밀번호: {P}", "pw: {P}", "PW={P}"})
    void theValueIsMasked(String form) {
        String text = "config: " + form.replace("{V}", KEY).replace("{P}", PASSWORD) + "\nend";
        String out = Redactor.redact(text);
        assertFalse(out.contains(KEY) || out.contains("Tr0ub4dor") || out.contains("3xyz"), out);
        assertTrue(out.contains(Redactor.MASK), out);
        assertTrue(out.startsWith("config: ") && out.endsWith("\nend"), "only the value is masked: " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"пароль: забыли", "Passwort vergessen", "mot de passe : oublié", "密码：忘记了", "pw: see the vault",
            "the pw is the same", "Пароль должен содержать 8 символов", "Kennwort: ändern"})
    void proseStaysUntouched(String line) {
        assertEquals(line, Redactor.redact(line));
    }
}
