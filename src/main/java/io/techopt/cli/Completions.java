package io.techopt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Native bash, zsh and fish completion scripts and the man pages' AsciiDoc, all generated from the picocli model, so
 * a new command, option or value completes without an edit here. CliTest fails when completions/ falls behind; rewrite
 * them with {@code java -cp target/techopt.jar io.techopt.cli.Completions completions} (the build writes the man
 * pages' AsciiDoc with {@code --man target/man}).
 */
public final class Completions {
    private static final String HEADER = " completion for techopt, generated from its picocli model by io.techopt.cli.Completions: "
            + "do not edit (bin/install-shell installs it).";

    private Completions() {
    }

    /** What a shell completes an option's value to. */
    enum ValueKind { NONE, VALUES, FILES, DIRS, FREE }

    /** One command of the tree: its path of names (root first), aliases and visible subcommands. */
    record Cmd(List<String> path, CommandSpec spec, List<Cmd> subs) {
        String id() {
            return String.join("_", path).replaceAll("[^A-Za-z0-9_]", "_");
        }

        List<String> names() {
            List<String> n = new ArrayList<>();
            n.add(spec.name());
            n.addAll(Arrays.asList(spec.aliases()));
            return n;
        }

        List<OptionSpec> options() {
            return spec.options().stream().filter(o -> !o.hidden()).toList();
        }

        boolean takesFiles() {
            return spec.positionalParameters().stream().anyMatch(p -> !p.hidden());
        }
    }

    static Cmd tree(CommandLine cl) {
        return tree(cl, List.of(cl.getCommandName()));
    }

    private static Cmd tree(CommandLine cl, List<String> path) {
        List<Cmd> subs = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            // each command once (the map holds its aliases too), hidden maintenance commands left out
            if (name.equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                subs.add(tree(sub, p));
            }
        });
        return new Cmd(path, cl.getCommandSpec(), subs);
    }

    static ValueKind kind(ArgSpec a) {
        if (a.arity().max() == 0) {
            return ValueKind.NONE;
        }
        if (!values(a).isEmpty()) {
            return ValueKind.VALUES;
        }
        Class<?> t = a.isMultiValue() && a.auxiliaryTypes().length > 0 ? a.auxiliaryTypes()[0] : a.type();
        if (Path.class.isAssignableFrom(t) || File.class.isAssignableFrom(t)) {
            return a.paramLabel().equals("DIR") ? ValueKind.DIRS : ValueKind.FILES;
        }
        return ValueKind.FREE;
    }

    static List<String> values(ArgSpec a) {
        List<String> v = new ArrayList<>();
        if (a.completionCandidates() != null) {
            a.completionCandidates().forEach(v::add);
        }
        for (String value : v) {
            // the scripts list values unquoted, split at spaces: a value that needs quoting would break them
            if (!value.matches("[A-Za-z0-9_.:+-]+")) {
                throw new IllegalStateException("completion value '" + value + "' of " + a + " needs quoting in a shell script");
            }
        }
        return v;
    }

    /** A one-line description for a completion menu: the first sentence, without its default. */
    static String summary(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String s = description[0].replace("%%", "%").replaceAll("\\s+", " ").strip();
        s = s.split("(?<![ (]e\\.g|[ (]i\\.e)\\.\\s+(?=[A-Z])| \\(default", 2)[0]; // a sentence ends at ". " before a capital
        s = s.replaceAll("\\.$", "");
        if (s.length() > 80) {
            int cut = s.lastIndexOf(' ', 77);
            s = s.substring(0, cut > 0 ? cut : 77) + "...";
        }
        return s;
    }

    private static String commandSummary(CommandSpec spec) {
        return summary(spec.usageMessage().description());
    }

    // ---------------------------------------------------------------- bash

    public static String bash() {
        Cmd root = tree(Main.commandLine());
        List<Cmd> all = flatten(root);
        StringBuilder b = new StringBuilder();
        b.append("# bash").append(HEADER).append('\n');
        b.append("# Load it with: source completions/techopt.bash\n\n");
        b.append("# The command a word leads to from command $1 (REPLY empty when $2 is no subcommand of it).\n");
        b.append("_techopt_sub() {\n  case \"$1/$2\" in\n");
        for (Cmd c : all) {
            for (Cmd s : c.subs()) {
                b.append("    ");
                b.append(String.join("|", s.names().stream().map(n -> c.id() + "/" + n).toList()));
                b.append(") REPLY=").append(s.id()).append(" ;;\n");
            }
        }
        b.append("    *) REPLY= ;;\n  esac\n}\n\n");
        b.append("# The words command $1 completes: its options (REPLY), subcommands (SUBS) and whether it takes files (FILES).\n");
        b.append("_techopt_words() {\n  case $1 in\n");
        for (Cmd c : all) {
            List<String> names = new ArrayList<>();
            c.options().forEach(o -> names.addAll(Arrays.asList(o.names())));
            List<String> subs = new ArrayList<>();
            c.subs().forEach(s -> subs.addAll(s.names()));
            b.append("    ").append(c.id()).append(") REPLY='").append(String.join(" ", names)).append("' SUBS='")
                    .append(String.join(" ", subs)).append("' FILES=").append(c.takesFiles() ? 1 : 0).append(" ;;\n");
        }
        b.append("  esac\n}\n\n");
        b.append("# What the value of option $2 of command $1 completes to (values:..., files, dirs or free); fails when it takes\n");
        b.append("# none. '--opt=' is the form with the value in the same word (the only one of an optional value).\n");
        b.append("_techopt_value() {\n  case \"$1 $2\" in\n");
        for (Cmd c : all) {
            Map<String, List<String>> byAction = new LinkedHashMap<>();
            for (OptionSpec o : c.options()) {
                ValueKind k = kind(o);
                if (k == ValueKind.NONE) {
                    continue;
                }
                String action = switch (k) {
                    case VALUES -> "'values:" + String.join(" ", values(o)) + "'";
                    case FILES -> "files";
                    case DIRS -> "dirs";
                    default -> "free";
                };
                List<String> keys = byAction.computeIfAbsent(action, x -> new ArrayList<>());
                boolean optionalValue = o.arity().min() == 0;
                for (String n : o.names()) {
                    if (n.startsWith("--")) {
                        keys.add(c.id() + " " + n + "=");
                    }
                    if (!optionalValue) {
                        keys.add(c.id() + " " + n);
                    }
                }
            }
            byAction.forEach((action, keys) -> b.append("    ").append(String.join("|\\\n    ",
                    keys.stream().map(k -> "'" + k + "'").toList())).append(") REPLY=").append(action).append(" ;;\n"));
        }
        b.append("    *) return 1 ;;\n  esac\n}\n\n");
        b.append("""
                _techopt() {
                  local line=${COMP_LINE:0:COMP_POINT} cmd=techopt words i w cur prev kind= prefix= value= cands=()
                  read -ra words <<<"$line"
                  [[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]] && words+=("")
                  cur=${words[${#words[@]}-1]}
                  # the command typed so far: the words before the cursor, past option values
                  for ((i = 1; i < ${#words[@]} - 1; i++)); do
                    w=${words[i]}
                    if [[ $w == -* ]]; then
                      [[ $w != *=* ]] && _techopt_value "$cmd" "$w" && ((i++))
                      continue
                    fi
                    _techopt_sub "$cmd" "$w"
                    [[ -n $REPLY ]] && cmd=$REPLY
                  done
                  prev=${words[${#words[@]}-2]}
                  if ((${#words[@]} > 2)) && [[ $prev == -* && $prev != *=* ]] && _techopt_value "$cmd" "$prev"; then
                    kind=$REPLY value=$cur
                  elif [[ $cur == --*=* ]] && _techopt_value "$cmd" "${cur%%=*}="; then
                    kind=$REPLY prefix=${cur%%=*}= value=${cur#*=}
                  fi
                  if [[ -n $kind ]]; then
                    case $kind in
                      values:*) mapfile -t cands < <(compgen -W "${kind#values:}" -- "$value") ;;
                      files) compopt -o filenames 2>/dev/null; mapfile -t cands < <(compgen -f -- "$value") ;;
                      dirs) compopt -o filenames 2>/dev/null; mapfile -t cands < <(compgen -d -- "$value") ;;
                    esac
                    ((${#cands[@]})) && cands=("${cands[@]/#/$prefix}")
                  else
                    _techopt_words "$cmd"
                    if [[ $cur == -* ]]; then
                      mapfile -t cands < <(compgen -W "$REPLY" -- "$cur")
                    else
                      mapfile -t cands < <(compgen -W "$SUBS" -- "$cur")
                      if ((FILES)); then
                        compopt -o filenames 2>/dev/null
                        mapfile -t -O ${#cands[@]} cands < <(compgen -f -- "$cur")
                      fi
                    fi
                  fi
                  # bash replaces only what follows the last = or : (both in COMP_WORDBREAKS): leave out what precedes it
                  local rest=$cur
                  [[ $COMP_WORDBREAKS == *=* ]] && rest=${rest##*=}
                  [[ $COMP_WORDBREAKS == *:* ]] && rest=${rest##*:}
                  local strip=${cur%"$rest"}
                  COMPREPLY=("${cands[@]}")
                  [[ -n $strip ]] && ((${#COMPREPLY[@]})) && COMPREPLY=("${COMPREPLY[@]#"$strip"}")
                  return 0
                }
                complete -F _techopt techopt
                """);
        return b.toString();
    }

    private static List<Cmd> flatten(Cmd c) {
        List<Cmd> all = new ArrayList<>();
        all.add(c);
        c.subs().forEach(s -> all.addAll(flatten(s)));
        return all;
    }

    // ---------------------------------------------------------------- zsh

    public static String zsh() {
        Cmd root = tree(Main.commandLine());
        StringBuilder b = new StringBuilder();
        b.append("#compdef techopt\n");
        b.append("# zsh").append(HEADER).append('\n');
        b.append("# Put this file, named _techopt, in a directory of $fpath before compinit runs (or source it after compinit).\n\n");
        for (Cmd c : flatten(root)) {
            zshCommand(b, c);
        }
        // autoloaded from fpath the file is the function _techopt: complete now; sourced (source <(techopt
        // generate-completion --shell zsh), after compinit), register it
        b.append("if [[ $funcstack[1] == _techopt ]]; then\n  _techopt \"$@\"\nelse\n  compdef _techopt techopt\nfi\n");
        return b.toString();
    }

    private static void zshCommand(StringBuilder b, Cmd c) {
        String fn = "_" + c.id();
        b.append(fn).append("() {\n");
        if (!c.subs().isEmpty()) {
            // a subcommand typed before the cursor takes over, with the words from it on
            List<String> valued = new ArrayList<>();
            c.options().stream().filter(o -> kind(o) != ValueKind.NONE && o.arity().min() > 0).forEach(o -> valued.addAll(Arrays.asList(o.names())));
            b.append("  local i\n  for ((i = 2; i < CURRENT; i++)); do\n    case $words[i] in\n");
            if (!valued.isEmpty()) {
                b.append("      (").append(String.join("|", valued)).append(") ((i++)) ;;\n");
            }
            for (Cmd s : c.subs()) {
                b.append("      (").append(String.join("|", s.names())).append(")\n");
                b.append("        shift $((i - 1)) words\n        ((CURRENT -= i - 1))\n");
                b.append("        _").append(s.id()).append("\n        return ;;\n");
            }
            b.append("    esac\n  done\n");
        }
        b.append("  _arguments -s -S : \\\n");
        for (OptionSpec o : c.options()) {
            b.append("    ").append(zshOption(o)).append(" \\\n");
        }
        if (!c.subs().isEmpty()) {
            b.append("    '1: :").append(fn).append("_commands'");
            if (c.takesFiles()) {
                b.append(" \\\n    '*:FILE:_files'");
            }
            b.append('\n');
        } else if (c.takesFiles()) {
            b.append("    '*:FILE:_files'\n");
        } else {
            b.setLength(b.length() - 3); // no trailing continuation
            b.append('\n');
        }
        b.append("}\n\n");
        if (!c.subs().isEmpty()) {
            b.append(fn).append("_commands() {\n  local -a commands\n  commands=(\n");
            for (Cmd s : c.subs()) {
                for (String n : s.names()) {
                    b.append("    ").append(zshQuote(n.replace(":", "\\:") + ":" + commandSummary(s.spec()))).append('\n');
                }
            }
            b.append("  )\n  _describe -t commands 'command' commands");
            if (c.takesFiles()) {
                b.append("\n  _files");
            }
            b.append("\n}\n\n");
        }
    }

    private static String zshOption(OptionSpec o) {
        String[] names = o.names();
        ValueKind k = kind(o);
        boolean repeat = o.isMultiValue();
        // help and version end the line; another name of a once-only option is excluded after one (a repeatable one stays)
        String help = o.usageHelp() || o.versionHelp() ? "(- *)" : names.length > 1 && !repeat ? "(" + String.join(" ", names) + ")" : "";
        String desc = "[" + zshBracket(summary(o.description())) + "]";
        String arg = "";
        if (k != ValueKind.NONE) {
            String label = o.paramLabel().replace(":", "\\:");
            String action = switch (k) {
                case VALUES -> "(" + String.join(" ", values(o).stream().map(v -> v.replace(":", "\\:")).toList()) + ")";
                case FILES -> "_files";
                case DIRS -> "_files -/";
                default -> " ";
            };
            arg = (o.arity().min() == 0 ? "::" : ":") + label + ":" + action;
        }
        List<String> forms = new ArrayList<>();
        for (String n : names) {
            String suffix = k == ValueKind.NONE ? "" : n.startsWith("--") ? (o.arity().min() == 0 ? "=-" : "=") : "+";
            forms.add(n + suffix);
        }
        String prefix = (repeat ? "*" : "") + help;
        if (forms.size() == 1) {
            return zshQuote(prefix + forms.get(0) + desc + arg);
        }
        // the brace expansion zsh's own completion functions use for the same option under several names
        return (prefix.isEmpty() ? "" : zshQuote(prefix)) + "{" + String.join(",", forms) + "}" + zshQuote(desc + arg);
    }

    private static String zshBracket(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    private static String zshQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // ---------------------------------------------------------------- fish

    public static String fish() {
        Cmd root = tree(Main.commandLine());
        StringBuilder b = new StringBuilder();
        b.append("# fish").append(HEADER).append('\n');
        b.append("# fish loads it from ~/.config/fish/completions/techopt.fish.\n\n");
        b.append("complete -c techopt -e\n");
        for (Cmd c : flatten(root)) {
            String cond = fishCondition(root, c);
            b.append('\n').append("# ").append(String.join(" ", c.path())).append('\n');
            if (!c.takesFiles()) {
                b.append("complete -c techopt -n ").append(fishQuote(cond)).append(" -f\n");
            }
            for (Cmd s : c.subs()) {
                for (String n : s.names()) {
                    b.append("complete -c techopt -n ").append(fishQuote(cond)).append(" -f -a ").append(fishQuote(n))
                            .append(" -d ").append(fishQuote(commandSummary(s.spec()))).append('\n');
                }
            }
            for (OptionSpec o : c.options()) {
                b.append("complete -c techopt -n ").append(fishQuote(cond));
                for (String n : o.names()) {
                    b.append(n.startsWith("--") ? " -l " : " -s ").append(n.replaceFirst("^--?", ""));
                }
                ValueKind k = o.arity().min() == 0 ? ValueKind.NONE : kind(o); // fish takes an optional value only after '='
                if (k == ValueKind.VALUES) {
                    // the values on a line of their own: fish would show the option's description beside each value
                    int at = b.length();
                    b.append(" -x -a ").append(fishQuote(String.join(" ", values(o)))).append('\n');
                    b.append(b, b.lastIndexOf("complete -c", at), at);
                }
                switch (k) {
                    case VALUES -> b.append(" -x");
                    case FILES -> b.append(" -r -F");
                    case DIRS -> b.append(" -x -a '(__fish_complete_directories)'");
                    case FREE -> b.append(" -x");
                    default -> {
                    }
                }
                b.append(" -d ").append(fishQuote(summary(o.description()))).append('\n');
            }
        }
        return b.toString();
    }

    /** True in fish while command c is the innermost one typed: its path seen, none of its subcommands. */
    private static String fishCondition(Cmd root, Cmd c) {
        List<String> parts = new ArrayList<>();
        if (c == root) {
            parts.add("__fish_use_subcommand");
        }
        Cmd at = root;
        for (String name : c.path().subList(1, c.path().size())) {
            Cmd next = at.subs().stream().filter(s -> s.spec().name().equals(name)).findFirst().orElseThrow();
            parts.add("__fish_seen_subcommand_from " + String.join(" ", next.names()));
            at = next;
        }
        if (!c.subs().isEmpty() && c != root) {
            List<String> subs = new ArrayList<>();
            c.subs().forEach(s -> subs.addAll(s.names()));
            parts.add("not __fish_seen_subcommand_from " + String.join(" ", subs));
        }
        return String.join("; and ", parts);
    }

    private static String fishQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    // ---------------------------------------------------------------- man pages

    /**
     * The AsciiDoc of a man page for the root and every visible subcommand (picocli-codegen's ManPageGenerator),
     * named as man wants them: techopt.adoc, techopt-analyze-logs.adoc, ... Render with {@code asciidoctor -b manpage}.
     */
    public static Map<String, String> manPages() {
        Map<String, String> pages = new LinkedHashMap<>();
        for (Cmd c : flatten(tree(Main.commandLine()))) {
            manFooter(c.spec());
            StringWriter w = new StringWriter();
            try (PrintWriter pw = new PrintWriter(w)) {
                picocli.codegen.docgen.manpage.ManPageGenerator.writeSingleManPage(pw, c.spec());
            }
            pages.put(String.join("-", c.path()) + ".adoc", w.toString());
        }
        return pages;
    }

    /**
     * ManPageGenerator leaves out a footer without a heading, which is how --help shows ours: the root's exit codes
     * become the page's EXIT STATUS, another footer's first line ("Budget file (YAML):") or what its first line says
     * before ": " its section heading.
     */
    private static void manFooter(CommandSpec spec) {
        List<String> lines = new ArrayList<>(Arrays.asList(spec.usageMessage().footer()));
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) {
            return;
        }
        String first = lines.remove(0).strip();
        String heading = first.endsWith(":") ? first.substring(0, first.length() - 1) : first.split(": ", 2)[0];
        if (!first.endsWith(":") && first.contains(": ")) { // "Pool file (YAML): default: ..." on one line
            lines.add(0, first.split(": ", 2)[1]);
        }
        if (heading.equals("Exit codes")) {
            Map<String, String> codes = new LinkedHashMap<>();
            for (String l : lines) {
                String[] kv = l.strip().split(" ", 2);
                codes.put(kv[0], kv[1]);
            }
            spec.usageMessage().exitCodeListHeading("Exit status").exitCodeList(codes);
            spec.usageMessage().footer(new String[0]);
            return;
        }
        spec.usageMessage().footerHeading(heading).footer(lines.toArray(new String[0]));
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--man")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            for (Map.Entry<String, String> page : manPages().entrySet()) {
                write(dir.resolve(page.getKey()), page.getValue());
            }
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "completions");
        Files.createDirectories(dir);
        write(dir.resolve("techopt.bash"), bash());
        write(dir.resolve("_techopt"), zsh());
        write(dir.resolve("techopt.fish"), fish());
    }

    private static void write(Path file, String text) throws IOException {
        io.techopt.core.AtomicOutput.write(file, w -> w.write(text));
    }
}
