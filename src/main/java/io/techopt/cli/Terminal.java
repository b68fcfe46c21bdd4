package io.techopt.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard streams are terminals (Linux: where /proc/self/fd points), what kind, and how wide. */
final class Terminal {
    private Terminal() {
    }

    static boolean stdoutIsTerminal() {
        return isTty(1);
    }

    static boolean stderrIsTerminal() {
        return isTty(2);
    }

    /**
     * The terminal's width less three columns, for a progress line: one that fills the last column wraps on some
     * terminals, and so would the "^C" the terminal echoes after it, leaving the bar behind when it is erased. 77 unknown.
     */
    static int columns() {
        try (org.jline.terminal.Terminal t = org.jline.terminal.TerminalBuilder.builder().system(true).dumb(true).nativeSignals(false).build()) {
            int w = t.getWidth();
            return w >= 20 ? w - 3 : 77;
        } catch (Exception | LinkageError e) {
            return 77;
        }
    }

    private static boolean isTty(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
