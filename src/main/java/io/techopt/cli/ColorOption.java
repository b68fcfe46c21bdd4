package io.techopt.cli;

import picocli.CommandLine.Option;

/**
 * --color auto|always|never, on every command: colour on stdout only for the table format (never in files, JSON, CSV,
 * markdown or HTML) and on stderr for warnings and errors. auto: the stream is a terminal, TERM is not dumb and NO_COLOR
 * is unset or empty (https://no-color.org); always wins over NO_COLOR, as an explicit choice does.
 */
public final class ColorOption {
    enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour: auto (a terminal, NO_COLOR unset, TERM not dumb), always or never (default: ${DEFAULT-VALUE}).")
    When when = When.auto;

    boolean stdout() {
        return on(Terminal.stdoutIsTerminal());
    }

    boolean stderr() {
        return on(Terminal.stderrIsTerminal());
    }

    private boolean on(boolean terminal) {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> autoColor(terminal);
        };
    }

    /** Without --color (a usage error before it was read): colour on a terminal, NO_COLOR and TERM=dumb honoured. */
    static boolean autoColor(boolean terminal) {
        return autoColor(terminal, System.getenv("NO_COLOR"), System.getenv("TERM"));
    }

    static boolean autoColor(boolean terminal, String noColor, String term) {
        return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
    }
}
