package io.techopt.spark;

import io.techopt.report.Report;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/techopt-spark} and {@code spark-submit --class io.techopt.spark.Main}: techopt's jobs on Spark. The master
 * is spark-submit's (or {@code --master local[N]} from the launcher); exit codes as the CLI's (cli.md).
 */
@Command(name = "techopt-spark", mixinStandardHelpOptions = true, subcommands = {Main.Ingest.class, Main.Analyze.class},
        description = "techopt's ingest and analyze as Spark jobs: the same store and the same JSON, on any Hadoop file system (docs/store.md).")
public final class Main implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return 2;
    }

    /** Options every job takes. */
    static class Common {
        @Option(names = "--master", description = "Spark master (local[N] to try it on this machine); default: spark-submit's.")
        String master;

        @Option(names = "--out", description = "Write the JSON report to FILE (default: standard output).")
        Path out;

        @Option(names = {"-q", "--quiet"}, description = "No warnings on stderr (skipped bad lines are still said).")
        boolean quiet;

        SparkSession session(String app) {
            SparkSession.Builder b = SparkSession.builder().appName(app);
            if (master != null) {
                b.master(master);
                java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[(\\d+)\\]").matcher(master);
                if (local.matches() || master.equals("local") || master.equals("local[*]")) {
                    // one machine: a few shuffle partitions a core, not Spark's 200 (which a cluster's spark-submit sets)
                    int cores = local.matches() ? Integer.parseInt(local.group(1)) : Runtime.getRuntime().availableProcessors();
                    b.config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, 2 * cores)));
                }
            }
            return b.getOrCreate();
        }

        /**
         * As the CLI writes a report: {@code -} is stdout, a link is followed, the file replaced atomically (core
         * AtomicOutput), and a file written is said on {@code err} with its size unless -q (review r23s L1).
         */
        void write(Report r, java.io.PrintWriter err) throws java.io.IOException {
            write(IngestJob.json(r), err);
        }

        void write(String report, java.io.PrintWriter err) throws java.io.IOException {
            String json = report + "\n";
            if (out == null || out.toString().equals("-")) {
                System.out.print(json);
                System.out.flush();
            } else {
                io.techopt.core.AtomicOutput.write(out, w -> w.write(json));
                if (!quiet) {
                    err.println("techopt-spark: wrote " + io.techopt.cli.WrittenFiles.describe(out));
                    err.flush();
                }
            }
        }

        /**
         * --out naming one of the logs read (named, in a directory given, or through a link) would replace it with the
         * report: a usage error before anything is read or written, as the CLI's (local logs; a remote one cannot be it).
         */
        void refuseToOverwriteAnInput(List<String> logs, String store) throws java.io.IOException {
            if (out != null && !out.toString().equals("-") && isLocal(store)) {
                // inside the store it would replace the manifest or a stored file, or lie among them (review r21 H1)
                Path dir = realPath(Path.of(new org.apache.hadoop.fs.Path(store).toUri().getPath()));
                if (realPath(out).startsWith(dir)) {
                    throw new IllegalArgumentException("--out " + out + " is inside the usage store " + store
                            + ": writing there would break the store; choose a place outside it");
                }
            }
            if (out == null || !java.nio.file.Files.isRegularFile(out)) {
                return;
            }
            List<String> local = logs.stream().filter(Common::isLocal).toList();
            if (local.isEmpty()) {
                return;
            }
            for (IngestJob.Input in : IngestJob.expand(local, new org.apache.hadoop.conf.Configuration())) {
                Path p = Path.of(new org.apache.hadoop.fs.Path(in.path()).toUri().getPath());
                if (java.nio.file.Files.isSameFile(out, p)) {
                    throw new IllegalArgumentException("--out " + out + " is an input of this run (" + in.name()
                            + "): writing there would replace the log it reads; choose another file");
                }
            }
        }

        /** --out onto a --prices file the run reads would replace the catalog with the report (as the CLI, review r22 H1). */
        void refuseToOverwritePrices(List<Path> prices) throws java.io.IOException {
            if (out == null || !java.nio.file.Files.exists(out)) {
                return;
            }
            for (Path p : prices) {
                if (java.nio.file.Files.exists(p) && java.nio.file.Files.isSameFile(out, p)) {
                    throw new IllegalArgumentException("--out " + out + " is the --prices file " + p
                            + " this run reads: writing there would replace it; choose another file");
                }
            }
        }

        static boolean isLocal(String hadoopPath) {
            String scheme = new org.apache.hadoop.fs.Path(hadoopPath).toUri().getScheme();
            return scheme == null || scheme.equals("file");
        }

        /** The path with every link resolved, as far as it exists; the rest appended (a new file's parent decides). */
        static Path realPath(Path p) throws java.io.IOException {
            Path abs = p.toAbsolutePath().normalize();
            Path existing = abs;
            while (existing != null && !java.nio.file.Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Append logs (files, directories, globs; any Hadoop path: s3a://, gs://, hdfs://) to a usage store.")
    static final class Ingest implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--store", required = true, description = "The store's directory (any Hadoop path).")
        String store;

        @Option(names = "--keep-text", description = "Also store prompt and answer text (redacted).")
        boolean keepText;

        @Option(names = "--prices", description = "Price catalog file (JSON or YAML) over the built-in prices; repeatable.")
        List<Path> prices = new ArrayList<>();

        @Option(names = "--price-date", description = "Price every request at the prices in effect on DATE.")
        String priceDate;

        @Option(names = "--input-format", paramLabel = "FORMAT",
                description = "Force the input format: canonical, openai, litellm, langfuse, otel, csv, anthropic-batch or cassette.")
        String inputFormat;

        @Option(names = "--default-model", paramLabel = "MODEL", description = "Model for records that name none.")
        String defaultModel;

        @Option(names = "--strict", description = "Fail (exit code 3) at the first bad line instead of skipping it.")
        boolean strict;

        @Option(names = "--max-line-mb", paramLabel = "MB", defaultValue = "64", description = "Longest line read, in MiB.")
        int maxLineMb;

        @Parameters(arity = "1..*", paramLabel = "LOG", description = "Log files, directories or globs.")
        List<String> logs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            IngestJob.Options o = IngestJob.Options.of(store, logs, prices, priceDate, keepText)
                    .parsing(inputFormat, defaultModel, strict, maxLineMb);
            common.refuseToOverwriteAnInput(logs, store);
            common.refuseToOverwritePrices(prices);
            SparkSession spark = common.session("techopt ingest");
            try {
                java.io.PrintWriter err = spec.commandLine().getErr();
                common.write(IngestJob.run(spark, o, err, common.quiet), err);
            } finally {
                spark.stop();
            }
            return 0;
        }
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = "analyze's figures of a usage store (any Hadoop path), computed by Spark SQL: the JSON "
                    + "`techopt analyze --store STORE -f json` prints; `techopt render FILE.json` presents it.")
    static final class Analyze implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(arity = "0..1", paramLabel = "STORE", description = "The store's directory (any Hadoop path).")
        String storeArg;

        @Option(names = "--store", paramLabel = "DIR", description = "The store's directory (instead of STORE).")
        String store;

        @Option(names = "--since", paramLabel = "DATE", description = "Only requests at or after DATE (UTC; YYYY-MM-DD or ISO-8601).")
        String since;

        @Option(names = "--until", paramLabel = "DATE", description = "Only requests before DATE (UTC, exclusive).")
        String until;

        @Option(names = {"-g", "--group-by"}, paramLabel = "DIM", description = "Add a table grouped by model, provider, "
                + "user, team, task_type, session or day; repeatable; join dimensions with '+' for combinations (team+model).")
        List<String> groupBy = new ArrayList<>();

        @Option(names = "--top", paramLabel = "N", defaultValue = "25",
                description = "Rows per group table; the rest are summed in one row (default: ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--prices", paramLabel = "FILE", description = "Price catalog file over the built-in prices; repeatable.")
        List<Path> prices = new ArrayList<>();

        @Option(names = "--price-date", paramLabel = "DATE", description = "Price every request at the prices in effect on DATE.")
        String priceDate;

        @Option(names = "--batchable", paramLabel = "TASK", split = ",", description = "Task types that could use a Batch API.")
        List<String> batchable;

        @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "5m", converter = io.techopt.cli.DurationConverter.class,
                description = "Provider prompt-cache lifetime for the prompt_cache lever (default: ${DEFAULT-VALUE}).")
        java.time.Duration cacheTtl;

        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json", description = "json only: render it "
                + "with `techopt render FILE.json -f table|markdown|csv|html`.")
        String format;

        /** analyze's options the job does not take: refused by name (exit code 2), not left unknown. */
        @Option(names = {"--plan", "--plan-quality-bar", "--semantic-cache", "--semantic-threshold", "--batch-export",
                "--batch-deployment", "--compare-to", "--input-format", "--default-model", "--strict", "--max-line-mb",
                "--threads", "--batch-ended-at", "--table", "-o"}, arity = "0..1", hidden = true)
        List<String> refused = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> named = new ArrayList<>();
            for (String a : spec.commandLine().getParseResult().originalArgs()) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                // an option as typed (findOption also takes a bare "table", which is -f's value, not --table)
                if (name.startsWith("-") && spec.findOption(name) != null && spec.findOption(name).hidden() && !named.contains(name)) {
                    named.add(name);
                }
            }
            if (!named.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", named) + (named.size() == 1 ? " is" : " are")
                        + " not taken by the Spark job (it computes analyze's own figures of a store: no text-based levers, "
                        + "no --compare-to, no parsing options, JSON to --out); run techopt analyze --store for "
                        + (named.size() == 1 ? "it" : "them"));
            }
            if (!format.equalsIgnoreCase("json")) {
                throw new IllegalArgumentException("-f " + format + ": the Spark job writes analyze's JSON; render it where you "
                        + "read it: techopt render FILE.json -f " + format);
            }
            if ((storeArg == null) == (store == null)) {
                throw new IllegalArgumentException("name the store once: STORE or --store DIR");
            }
            String dir = store != null ? store : storeArg;
            AnalyzeJob.Options o = new AnalyzeJob.Options(dir, since, until, groupBy, top, Prices.of(prices, priceDate),
                    batchable, cacheTtl.toMillis());
            // every value checked before Spark starts, which takes seconds to tens of seconds (review r23s L3)
            o.check();
            common.refuseToOverwriteAnInput(List.of(), dir);
            common.refuseToOverwritePrices(prices);
            if (Common.isLocal(dir)) {
                java.nio.file.Path local = java.nio.file.Path.of(new org.apache.hadoop.fs.Path(dir).toUri().getPath());
                if (!java.nio.file.Files.exists(local.resolve(io.techopt.store.StoreManifest.FILE))) { // the CLI's words
                    throw new java.io.IOException(dir + " is not a techopt store (no " + io.techopt.store.StoreManifest.FILE + ")");
                }
            }
            SparkSession spark = common.session("techopt analyze");
            try {
                java.io.PrintWriter err = spec.commandLine().getErr();
                common.write(AnalyzeJob.json(AnalyzeJob.run(spark, o, err, common.quiet)), err);
            } finally {
                spark.stop();
            }
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(run(new java.io.PrintWriter(System.err, true), args));
    }

    /** Runs a command; returns its exit code (cli.md: 1 I/O and a missing log, 2 usage, 3 no request read or --strict). */
    static int run(java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            // one line and a pointer to --help, as the CLI's, not picocli's whole usage (review r23s L2)
            err.println("techopt-spark: " + io.techopt.core.Redactor.redact(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((thrown, c, p) -> {
            // a task's failure reaches the driver wrapped by Spark: a bad input among its causes is exit 3, one line
            RuntimeException bad = BadInputFailure.find(thrown);
            if (bad != null) {
                err.println("techopt-spark: " + bad.getMessage());
                err.flush();
                return 3;
            }
            Throwable e = thrown;
            String msg = io.techopt.core.Redactor.redact(String.valueOf(e.getMessage()));
            int code;
            if (e instanceof java.nio.file.NoSuchFileException n) {
                msg = "no such file or directory: " + io.techopt.core.Redactor.redact(n.getFile());
                code = 1; // I/O, as techopt ingest and analyze (cli.md)
            } else if (e instanceof IllegalArgumentException) {
                code = 2;
            } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                code = 1; // as the CLI says it: the message alone
            } else {
                msg = e.getClass().getSimpleName() + ": " + msg;
                code = 1;
            }
            err.println("techopt-spark: " + msg);
            err.flush();
            return code;
        });
        return cl.execute(args);
    }
}
