package io.techopt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/install-shell, the documented install step, puts each completion script where its shell looks for it. */
class InstallShellTest {
    @TempDir
    Path home;

    @Test
    void installsEachShellsCompletionWhereThatShellLoadsIt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/install-shell", "--no-man").redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("XDG_DATA_HOME");
        pb.environment().remove("XDG_CONFIG_HOME");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        // bash-completion's per-user directory, a zsh fpath directory, fish's autoload directory
        assertEquals(Files.readString(Path.of("completions/techopt.bash")),
                Files.readString(home.resolve(".local/share/bash-completion/completions/techopt")));
        assertEquals(Files.readString(Path.of("completions/_techopt")), Files.readString(home.resolve(".local/share/zsh/site-functions/_techopt")));
        assertEquals(Files.readString(Path.of("completions/techopt.fish")), Files.readString(home.resolve(".config/fish/completions/techopt.fish")));
        assertTrue(out.contains("wrote " + home.resolve(".config/fish/completions/techopt.fish")), out);
        assertTrue(out.contains("fpath=(\"" + home.resolve(".local/share/zsh/site-functions") + "\" $fpath)"), out);
    }
}
