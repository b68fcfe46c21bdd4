package io.techopt.cli;

import io.techopt.TestSupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;


/** Programs a test drives (tmux, zsh, fish, asciidoctor...): bin/test installs them; missing, CI fails and a developer skips. */
final class Programs {
    private Programs() {
    }

    static boolean installed(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test without the program on a developer's machine; under CI (CI=true) it fails, never a silent skip. */
    static void require(String program) {
        if (installed(program)) {
            return;
        }
        TestSupport.needs(false, program + " is not installed (bin/test installs it with apt-get: apt-get install " + program + ")");
    }
}
