package io.techopt.core.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prose in other languages and scripts that speaks of passwords and keys without giving one (red18's look-alike and
 * other-language rules tried on it): "Secret: секретный ключ…" and "token: строка доступа" lost a word, and
 * "密码：见密码管理器（1Password）" its whole sentence (CJK puts no space after the value).
 */
class ProseInOtherLanguagesAndScriptsStaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"Secret: секретный ключ хранится в Vault", "Параметр token: строка доступа", "密码：见密码管理器（1Password）",
            "パスワード：パスワード管理ツール（1Password）を参照", "密码：至少8位，包含大小写字母和数字。", "パスワード：8文字以上で、英大文字・小文字・数字を含めてください。",
            "비밀번호: 8자 이상, 영문 대소문자와 숫자를 포함해야 합니다.", "Passwort: mindestens 12 Zeichen, davon eine Ziffer und ein Sonderzeichen.",
            "Le mot de passe : au moins 12 caractères, dont 1 chiffre et 1 symbole.", "Пароль: не менее 12 символов, включая цифры и заглавные буквы.",
            "Токен доступа: действует 24 часа; ключ API храните в переменной окружения OPENAI_API_KEY.", "Ѕесret ключ: не публикуйте его",
            "Тoken usage: 1234 токенов", "Το συνθηματικό (password) πρέπει να έχει τουλάχιστον 12 χαρακτήρες.", "API密钥：请在控制台的\"安全设置\"中生成，不要分享给他人。"})
    void proseStaysAsWritten(String line) {
        assertEquals(line, Redactor.redact(line));
    }

    /** A value right before CJK text, with no space between: the value goes, the sentence stays. */
    @Test
    void aValueBeforeCjkTextIsMaskedAlone() {
        assertEquals("密码：[REDACTED]请妥善保管", Redactor.redact("密码：Zx9kQ2vLm4Pt7RwA请妥善保管"));
        String out = Redactor.redact("Secret: Zx9kQ2vLm4Pt7RwA ключ");
        assertFalse(out.contains("Zx9kQ2vLm4Pt7RwA"), out);
    }

    /** LLMLingua's Chinese news prompts (real text, ../shared/data): not a character changes. */
    @Test
    void realChineseNewsPromptsStayAsWritten() throws IOException {
        Path data = TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json");
        List<String> chinese = new ArrayList<>();
        collect(new ObjectMapper().readTree(data.toFile()), chinese);
        assertTrue(chinese.size() >= 2, "Chinese prompts in " + data);
        for (String text : chinese) {
            assertEquals(text, Redactor.redact(text));
        }
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isTextual() && n.asText().chars().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF)) {
            out.add(n.asText());
        }
        n.forEach(child -> collect(child, out));
    }
}
