package io.techopt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints a completion script for eval or a file: {@code source <(techopt generate-completion --shell bash)}. It prints a
 * fixed script, not a report: no --format or --out (Main checks output() for null).
 */
@Command(name = "generate-completion", hidden = true, mixinStandardHelpOptions = true,
        description = "Print the bash, zsh or fish completion script of techopt (bin/install-shell installs them).")
final class GenerateCompletionCommand extends BaseCommand {
    @Option(names = "--shell", paramLabel = "SHELL", defaultValue = "bash", completionCandidates = Shells.class,
            description = "bash, zsh or fish (default: ${DEFAULT-VALUE}).")
    String shell;

    @Override
    OutputOptions output() {
        return null;
    }

    @Override
    public Integer call() {
        String script = switch (shell) {
            case "bash" -> Completions.bash();
            case "zsh" -> Completions.zsh();
            case "fish" -> Completions.fish();
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--shell is bash, zsh or fish, not '" + shell + "'");
        };
        out().print(script);
        out().flush();
        return OK;
    }

    static final class Shells implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("bash", "zsh", "fish").iterator();
        }
    }
}
