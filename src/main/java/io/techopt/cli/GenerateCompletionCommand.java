package io.techopt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints a completion script for eval or a file: {@code source <(techopt generate-completion --shell bash)}. No
 * BaseCommand: it prints a fixed script, with no report, progress or messages to share.
 */
@Command(name = "generate-completion", hidden = true, mixinStandardHelpOptions = true,
        description = "Print the bash, zsh or fish completion script of techopt (bin/install-shell installs them).")
final class GenerateCompletionCommand implements Runnable {
    @Option(names = "--shell", paramLabel = "SHELL", defaultValue = "bash", completionCandidates = Shells.class,
            description = "bash, zsh or fish (default: ${DEFAULT-VALUE}).")
    String shell;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        String script = switch (shell) {
            case "bash" -> Completions.bash();
            case "zsh" -> Completions.zsh();
            case "fish" -> Completions.fish();
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--shell is bash, zsh or fish, not '" + shell + "'");
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }

    static final class Shells implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("bash", "zsh", "fish").iterator();
        }
    }
}
