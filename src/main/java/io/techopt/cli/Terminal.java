package io.techopt.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard streams are terminals (Linux: where /proc/self/fd points), and whether colour is wanted. */
final class Terminal {
    private Terminal() {
    }

    static boolean stdoutIsTerminal() {
        return isTty(1);
    }

    static boolean stderrIsTerminal() {
        return isTty(2);
    }

    static boolean colorAllowed() {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && stdoutIsTerminal() && !"dumb".equals(System.getenv("TERM"));
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
