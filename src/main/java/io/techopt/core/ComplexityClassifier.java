package io.techopt.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The complexity of a request: from its logged task type when known, else from features of the prompt: its
 * length, code in it, how many questions it asks, and reasoning words.
 */
public final class ComplexityClassifier {
    private static final Map<String, Complexity> TASKS = Map.ofEntries(Map.entry("simple_qa", Complexity.SIMPLE),
            Map.entry("classification", Complexity.SIMPLE), Map.entry("extraction", Complexity.SIMPLE),
            Map.entry("tagging", Complexity.SIMPLE), Map.entry("summarization", Complexity.MEDIUM),
            Map.entry("translation", Complexity.MEDIUM), Map.entry("chat", Complexity.MEDIUM),
            Map.entry("code_generation", Complexity.COMPLEX), Map.entry("complex_reasoning", Complexity.COMPLEX),
            Map.entry("analysis", Complexity.COMPLEX), Map.entry("agent", Complexity.COMPLEX));
    private static final Pattern CODE = Pattern.compile("```|\\bdef |\\bclass |\\bfunction\\b|\\bimport |;\\s*$|\\{\\s*$", Pattern.MULTILINE);
    private static final Pattern REASONING = Pattern.compile(
            "\\b(why|explain|step by step|prove|derive|analy[sz]e|compare|trade-?offs?|design|plan|reason)\\b", Pattern.CASE_INSENSITIVE);

    private ComplexityClassifier() {
    }

    /** Whether the task type alone gives the level (a known task type): the prompt's text is then not read. */
    public static boolean byTaskType(String taskType) {
        return taskType != null && TASKS.containsKey(taskType.toLowerCase(Locale.ROOT));
    }

    /** The prompt text to classify: the content of each message {@code which} keeps, each followed by a newline. */
    public static String promptText(List<Message> messages, Predicate<Message> which) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (which.test(m)) {
                sb.append(m.content()).append('\n');
            }
        }
        return sb.toString();
    }

    public static Complexity classify(String taskType, String prompt, long promptTokens) {
        if (taskType != null) {
            Complexity c = TASKS.get(taskType.toLowerCase(Locale.ROOT));
            if (c != null) {
                return c;
            }
        }
        int level = promptTokens < 500 ? 0 : promptTokens < 2000 ? 1 : 2;
        if (prompt != null) {
            if (CODE.matcher(prompt).find()) {
                level++;
            }
            if (prompt.chars().filter(ch -> ch == '?').count() >= 3) {
                level++;
            }
            if (REASONING.matcher(prompt).find()) {
                level++;
            }
        }
        return Complexity.values()[Math.min(2, level)];
    }
}
