package io.techopt.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: the checked-in completion scripts typed into a real bash, zsh and fish in tmux, each started with a clean rc
 * that loads only techopt's script, with a {@code techopt} on PATH that does nothing (completion never runs it).
 * zsh used to run the bash script through bashcompinit ({@code techopt cos<TAB>} beeped: "compopt: command not
 * found"), fish had none, and no option value completed.
 */
class ShellCompletionInTmuxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "zsh-sourced", "fish"}) // zsh-sourced: source _techopt after compinit, not from fpath
    void completesCommandsOptionsAndOptionValues(String shell) throws Exception {
        Programs.require("tmux");
        Programs.require(shell.replace("-sourced", ""));
        String screen = complete(shell, "techopt cos", 1, s -> s.contains("techopt cost-forecast"));
        assertTrue(screen.contains("$ techopt cost-forecast"), shell + ": techopt cos<TAB>\n" + screen);

        screen = complete(shell, "techopt analyze --format ", 2, s -> words(s, List.of("table", "json", "csv", "markdown", "html")));
        assertTrue(words(screen, List.of("table", "json", "csv", "markdown", "html")), shell + ": --format <TAB>\n" + screen);

        screen = complete(shell, "techopt analyze -f j", 1, s -> s.contains("-f json"));
        assertTrue(screen.contains("$ techopt analyze -f json"), shell + ": -f j<TAB>\n" + screen);

        screen = complete(shell, "techopt analyze --gro", 1, s -> s.contains("--group-by"));
        assertTrue(screen.contains("$ techopt analyze --group-by"), shell + ": a subcommand's option, --gro<TAB>\n" + screen);

        screen = complete(shell, "techopt cost-forecast --horizon ", 2, s -> words(s, List.of("month", "quarter")));
        assertTrue(words(screen, List.of("month", "quarter")), shell + ": --horizon <TAB>\n" + screen);

        screen = complete(shell, "techopt cache-warm cal", 1, s -> s.contains("calibrate"));
        assertTrue(screen.contains("$ techopt cache-warm calibrate"), shell + ": a subcommand's subcommand\n" + screen);

        screen = complete(shell, "techopt analyze requ", 1, s -> s.contains("requests.jsonl"));
        assertTrue(screen.contains("$ techopt analyze requests.jsonl"), shell + ": a log file\n" + screen);
    }

    /** Types text into a new shell (a tmux session of its own each time: nothing left from the one before) and presses TAB. */
    private String complete(String shell, String text, int bashTabs, Predicate<String> done) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("session" + (++sessions)));
        try (Tmux t = new Tmux(dir, shell, Path.of("completions").toAbsolutePath())) {
            return t.complete(text, bashTabs, done);
        }
    }

    private int sessions;

    /** Every word on the screen below the typed line, each whole. */
    private static boolean words(String screen, List<String> expected) {
        String below = screen.substring(screen.indexOf('\n') + 1);
        return expected.stream().allMatch(w -> Pattern.compile("(^|\\s)" + Pattern.quote(w) + "(\\s|$)", Pattern.MULTILINE).matcher(below).find());
    }

    /** A shell in a tmux session of its own (own socket, no tmux config), typed into with send-keys, read with capture-pane. */
    private static final class Tmux implements AutoCloseable {
        private final Path socket;
        private final String shell;

        Tmux(Path dir, String shell, Path completions) throws Exception {
            this.shell = shell;
            this.socket = dir.resolve("tmux.sock");
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path techopt = Files.writeString(bin.resolve("techopt"), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(techopt, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path home = Files.createDirectories(dir.resolve("home"));
            Path cwd = Files.createDirectories(dir.resolve("work"));
            Files.writeString(cwd.resolve("requests.jsonl"), "");
            List<String> command = new ArrayList<>(List.of("env", "-i", "HOME=" + home, "PATH=" + bin + ":/usr/bin:/bin",
                    "TERM=xterm-256color", "LANG=C.UTF-8"));
            switch (shell) {
                case "bash" -> {
                    Path rc = Files.writeString(dir.resolve("bashrc"), "PS1='$ '\nsource '" + completions.resolve("techopt.bash") + "'\n");
                    command.addAll(List.of("bash", "--noprofile", "--rcfile", rc.toString(), "-i"));
                }
                case "zsh", "zsh-sourced" -> {
                    Path zdot = Files.createDirectories(dir.resolve("zdot"));
                    Files.writeString(zdot.resolve(".zshrc"), "PS1='$ '\n" + (shell.equals("zsh") ? "fpath=('" + completions + "' $fpath)\n" : "")
                            + "autoload -Uz compinit && compinit -u -D\n"
                            + (shell.equals("zsh") ? "" : "source '" + completions.resolve("_techopt") + "'\n"));
                    command.add(2, "ZDOTDIR=" + zdot); // after env -i
                    command.add("zsh");
                }
                case "fish" -> command.addAll(List.of("fish", "--no-config", "--init-command",
                        "set -g fish_greeting ''; function fish_prompt; echo -n '$ '; end; source '" + completions.resolve("techopt.fish") + "'"));
                default -> throw new IllegalArgumentException(shell);
            }
            List<String> start = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null", "new-session", "-d",
                    "-x", "150", "-y", "30", "-c", cwd.toString()));
            start.add(String.join(" ", command.stream().map(Tmux::quote).toList()));
            tmux(start);
            try {
                waitFor(s -> s.startsWith("$"), "the prompt");
            } catch (AssertionError | Exception e) {
                close(); // not yet in a try-with-resources: the server would outlive the test
                throw e;
            }
        }

        /** Types text, presses TAB (twice where bash lists only on the second) and returns the screen. */
        String complete(String text, int bashTabs, Predicate<String> done) throws Exception {
            tmux(List.of("tmux", "-S", socket.toString(), "send-keys", "-l", text));
            waitFor(s -> s.contains(text.strip()), "the typed text");
            int tabs = shell.equals("bash") ? bashTabs : 1;
            for (int i = 0; i < tabs; i++) {
                keys("Tab");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String screen = screen();
            while (!done.test(screen) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                screen = screen();
            }
            return screen;
        }

        private void keys(String key) throws Exception {
            tmux(List.of("tmux", "-S", socket.toString(), "send-keys", key));
        }

        private String screen() throws Exception {
            return tmux(List.of("tmux", "-S", socket.toString(), "capture-pane", "-p")).replaceAll("(?m)[ \\t]+$", "").strip();
        }

        private void waitFor(Predicate<String> ready, String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            String screen = screen();
            while (!ready.test(screen)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(shell + " in tmux: no " + what + " after 15 s; screen:\n" + screen);
                }
                Thread.sleep(100);
                screen = screen();
            }
        }

        private static String tmux(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", command));
            assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
            return out;
        }

        private static String quote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }

        @Override
        public void close() throws IOException {
            try {
                new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
