package io.techopt.cache;

import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Redactor;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which logged requests may be cached at all: answers that were errors, prompts that depend on a conversation,
 * questions whose answer changes with time, and anything carrying personal data or secrets never are.
 */
public final class CachePolicy {
    public enum Skip {
        NO_PROMPT("no prompt or no response"), ERROR("error response"), MULTI_TURN("depends on earlier turns"),
        TIME_SENSITIVE("time-sensitive question"), CREDENTIAL("prompt or answer carries a credential"),
        PERSONAL_DATA("personal data or a secret"),
        REFERS_ELSEWHERE("refers to content outside the prompt");

        public final String label;

        Skip(String label) {
            this.label = label;
        }
    }

    private static final Pattern TIME = Pattern.compile("\\b(?:today|tonight|tomorrow|yesterday|right now|currently|current|"
            + "latest|newest|recent|recently|this (?:week|month|year|morning|evening)|next (?:week|month|year)|last (?:week|month|night)|"
            + "news|weather|forecast|stock price|exchange rate|score of|breaking)\\b"
            + "|\\b(?:19|20)\\d{2}-\\d{2}-\\d{2}\\b"
            + "|\\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.? \\d{1,2}\\b",
            Pattern.CASE_INSENSITIVE);
    /** Phone numbers and card-like digit runs: personal data Redactor does not cover. */
    private static final Pattern PERSONAL = Pattern.compile("\\+?\\d[\\d ().-]{8,}\\d|\\b(?:\\d{4}[ -]?){3}\\d{4}\\b");

    private CachePolicy() {
    }

    /** Why a request must not be cached, or null when it may be. */
    public static Skip check(LogRecord r) {
        if (!r.hasPrompt() || r.response == null || r.response.isBlank()) {
            return r.error ? Skip.ERROR : Skip.NO_PROMPT;
        }
        // before anything else about the text: a credential never reaches a cache, and is counted as the reason
        if (anyCredential(r.messages) || credential(r.response)) {
            return Skip.CREDENTIAL;
        }
        if (r.error) {
            return Skip.ERROR;
        }
        Skip turns = turns(r);
        if (turns != null) {
            return turns;
        }
        String q = question(r);
        if (timeSensitive(q)) {
            return Skip.TIME_SENSITIVE;
        }
        if (anyPersonalData(r.messages) || holdsPersonalData(r.response)) {
            return Skip.PERSONAL_DATA;
        }
        return FalseHitGuard.pointsElsewhere(q) ? Skip.REFERS_ELSEWHERE : null;
    }

    /**
     * Why a prompt logged without a usable answer must not be sent to a model for one (cache-warm --generate), or null
     * when it may: the prompt-side rules of {@link #check}, in its order. A prompt carrying a credential or personal data
     * is never sent anywhere.
     */
    public static Skip checkPrompt(LogRecord r) {
        if (!r.hasPrompt()) {
            return Skip.NO_PROMPT;
        }
        if (anyCredential(r.messages)) {
            return Skip.CREDENTIAL;
        }
        Skip turns = turns(r);
        if (turns != null) {
            return turns;
        }
        String q = question(r);
        if (timeSensitive(q)) {
            return Skip.TIME_SENSITIVE;
        }
        if (anyPersonalData(r.messages)) {
            return Skip.PERSONAL_DATA;
        }
        return FalseHitGuard.pointsElsewhere(q) ? Skip.REFERS_ELSEWHERE : null;
    }

    /** A credential, or a masked one (prompts read back redacted from a usage store count as the credential). */
    private static boolean credential(String text) {
        return Redactor.containsCredential(text) || Redactor.heldCredential(text);
    }

    private static boolean anyCredential(java.util.List<Message> messages) {
        return messages.stream().anyMatch(m -> credential(m.content()));
    }

    private static boolean anyPersonalData(java.util.List<Message> messages) {
        return messages.stream().anyMatch(m -> holdsPersonalData(m.content()));
    }

    /** A single question: an assistant or tool turn is a conversation, and no or several user turns are not one question. */
    private static Skip turns(LogRecord r) {
        int users = 0;
        for (Message m : r.messages) {
            if ("assistant".equals(m.role()) || "tool".equals(m.role())) {
                return Skip.MULTI_TURN;
            }
            if ("user".equals(m.role())) {
                users++;
            }
        }
        return users == 1 ? null : users == 0 ? Skip.NO_PROMPT : Skip.MULTI_TURN;
    }

    /** Why a generated answer must not be cached, or null when it may: the answer-side rules of {@link #check}. */
    public static Skip checkAnswer(String answer) {
        if (answer == null || answer.isBlank()) {
            return Skip.NO_PROMPT;
        }
        if (Redactor.containsCredential(answer) || Redactor.heldCredential(answer)) {
            return Skip.CREDENTIAL;
        }
        return holdsPersonalData(answer) ? Skip.PERSONAL_DATA : null;
    }

    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|“[^”]*”|```.*?```", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?\\n])\\s+");

    /**
     * A question whose answer changes with time ("latest", "today", a date). Text the prompt hands over to work on
     * (quoted, or the body of a long instruction) does not count: "summarize: ... since the latest release" asks
     * nothing about time, so only the prompt's own questions, or a short prompt as a whole, are looked at.
     */
    static boolean timeSensitive(String q) {
        String own = QUOTED.matcher(q).replaceAll(" ");
        if (WHITESPACE.split(own.trim()).length <= 25) {
            return TIME.matcher(own).find();
        }
        for (String sentence : SENTENCE_END.split(own)) {
            if (sentence.trim().endsWith("?") && TIME.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    static boolean holdsPersonalData(String s) {
        return s != null && (!s.equals(Redactor.redact(s)) || Redactor.heldEmail(s) || PERSONAL.matcher(s).find());
    }

    /** The user's message: what the semantic layer compares. */
    public static String question(LogRecord r) {
        for (int i = r.messages.size() - 1; i >= 0; i--) {
            Message m = r.messages.get(i);
            if ("user".equals(m.role())) {
                return m.content() == null ? "" : m.content();
            }
        }
        return "";
    }

    /**
     * What must match for a semantic hit besides the question: the model and every message before the question
     * (the system prompt), as a short digest.
     */
    public static String scope(LogRecord r) {
        StringBuilder b = new StringBuilder(r.model == null ? "" : r.model.toLowerCase(Locale.ROOT));
        for (Message m : r.messages) {
            if (!"user".equals(m.role())) {
                b.append('\u0000').append(m.role()).append('\u0000').append(m.content());
            }
        }
        return CacheKey.of(null, b.toString(), java.util.List.of()).substring(0, 16);
    }
}
