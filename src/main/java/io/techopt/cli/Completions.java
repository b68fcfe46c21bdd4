package io.techopt.cli;

import picocli.AutoComplete;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bash and zsh completion scripts, generated from the picocli model. {@code CompletionsInSyncTest} fails
 * when completions/ falls behind the commands; rewrite them with
 * {@code java -cp target/techopt.jar io.techopt.cli.Completions completions}.
 */
public final class Completions {
    private Completions() {
    }

    public static String bash() {
        return AutoComplete.bash("techopt", Main.commandLine());
    }

    /** zsh runs the same script through bashcompinit. */
    public static String zsh() {
        return "#compdef techopt\n# zsh completion for techopt: the bash script, run through bashcompinit.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n" + bash();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "completions");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("techopt.bash"), bash());
        Files.writeString(dir.resolve("_techopt"), zsh());
    }
}
