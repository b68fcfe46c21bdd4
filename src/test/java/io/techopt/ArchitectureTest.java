package io.techopt;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of ARCHITECTURE.md, checked on the compiled main classes: cli -> engines -> shared services -> core,
 * never upwards; engines talk to each other only through core types or a named port; no package cycles.
 */
class ArchitectureTest {
    static final String ROOT = "io.techopt";
    /** The command line, and the sample-log generator behind its samples command. */
    static final List<String> APPLICATION = List.of("cli", "samples");
    /** One per command family; each may use shared services and core, never another engine. */
    static final List<String> ENGINES = List.of("analyze", "budget", "compress", "cache", "route", "experiment",
            "forecast", "batch");
    /** Used by several engines; they may use each other (without cycles) and core. */
    static final List<String> SERVICES = List.of("ingest", "pricing", "tokens", "embed", "http", "stats", "report",
            "store");
    static final String CORE = "core";

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    private static String[] packages(List<String> names) {
        return names.stream().map(n -> ROOT + "." + n + "..").toArray(String[]::new);
    }

    @Test
    void everyPackageBelongsToALayer() {
        String[] all = Stream.of(APPLICATION, ENGINES, SERVICES, List.of(CORE)).flatMap(List::stream)
                .map(n -> ROOT + "." + n + "..").toArray(String[]::new);
        classes().should().resideInAnyPackage(all)
                .because("a new package must be placed in a layer (ArchitectureTest and ARCHITECTURE.md)")
                .check(MAIN);
    }

    @Test
    void layersAreOnlyUsedFromAbove() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy(packages(APPLICATION))
                .layer("engines").definedBy(packages(ENGINES))
                .layer("services").definedBy(packages(SERVICES))
                .layer("core").definedBy(ROOT + "." + CORE + "..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("engines").mayOnlyBeAccessedByLayers("application")
                .whereLayer("services").mayOnlyBeAccessedByLayers("application", "engines")
                .whereLayer("core").mayOnlyBeAccessedByLayers("application", "engines", "services")
                .check(MAIN);
    }

    @Test
    void coreDependsOnNothingElseOfTechopt() {
        noClasses().that().resideInAPackage(ROOT + "." + CORE + "..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + "." + CORE + ".."))))
                .check(MAIN);
    }

    @Test
    void enginesDoNotDependOnEachOther() {
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass c) {
                        String rest = c.getPackageName().startsWith(ROOT + ".") ? c.getPackageName().substring(ROOT.length() + 1) : "";
                        String top = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                        return ENGINES.contains(top) ? SliceIdentifier.of(top) : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "engines " + ENGINES;
                    }
                })
                .should().notDependOnEachOther()
                // no exceptions: one that cannot be removed at once goes here, named, as
                // .ignoreDependency(origin, target) with a comment giving its issue
                .check(MAIN);
    }

    /** The charts are drawn from the view model alone, so the page can use them without a cycle back. */
    @Test
    void svgChartsReadOnlyTheViewModel() {
        classes().that().resideInAPackage(ROOT + ".report.svg..")
                .should().onlyDependOnClassesThat(resideInAPackage(ROOT + ".report.svg..")
                        .or(resideInAPackage(ROOT + "." + CORE + ".."))
                        .or(resideInAPackage("java.."))
                        .or(JavaClass.Predicates.belongToAnyOf(io.techopt.report.ReportView.class, io.techopt.report.Fmt.class)))
                .check(MAIN);
    }

    /**
     * Each cache adapter implements a port of cache on its own: it uses neither another adapter nor the rest of cache
     * (simulator, planner). Every sub-package of cache is an adapter, found from the classes, so a new one is checked
     * without being listed here.
     */
    @Test
    void cacheAdaptersDependOnlyOnTheirPorts() {
        List<String> adapters = cacheAdapterPackages();
        assertTrue(adapters.containsAll(List.of("memory", "redis", "lucene", "qdrant")), "adapters found: " + adapters);
        for (String adapter : adapters) {
            classes().that().resideInAPackage(ROOT + ".cache." + adapter + "..")
                    .should().onlyDependOnClassesThat(not(resideInAPackage(ROOT + "..")).or(resideInAPackage(ROOT + ".cache." + adapter + ".."))
                            .or(resideInAPackage(ROOT + "." + CORE + "..")).or(resideInAPackage(ROOT + ".embed.."))
                            .or(JavaClass.Predicates.belongToAnyOf(io.techopt.cache.Cache.class, io.techopt.cache.VectorIndex.class)))
                    .because("an adapter uses only its port, core and embed (ARCHITECTURE.md, A new cache adapter)")
                    .check(MAIN);
        }
    }

    /** Review r24h L5: the recipe asks each adapter for its port's contract test, and nothing looked for it. */
    @Test
    void everyCacheAdapterRunsItsPortsContract() throws java.io.IOException {
        List<String> without = new java.util.ArrayList<>();
        for (String adapter : cacheAdapterPackages()) {
            Path tests = Path.of("src/test/java/io/techopt/cache", adapter);
            boolean contract;
            try (Stream<Path> files = Files.isDirectory(tests) ? Files.list(tests) : Stream.empty()) {
                contract = files.anyMatch(f -> f.getFileName().toString().endsWith("ContractTest.java"));
            }
            if (!contract) {
                without.add(adapter);
            }
        }
        assertEquals(List.of(), without, "a cache adapter without a *ContractTest subclassing its port's contract in "
                + "src/test/java/io/techopt/cache/<adapter>/ (copy cache/redis/RedisCacheContractTest.java)");
    }

    /** The first package name below cache of every main class there: memory, redis, ... */
    static List<String> cacheAdapterPackages() {
        String prefix = ROOT + ".cache.";
        return MAIN.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()).split("\\.")[0]).distinct().sorted().toList();
    }

    /**
     * Report tables are tablesaw columns and selections; its {@code Table} class scans the class path for file readers
     * (ClassGraph) when first used: +0.55 CPU s and +45 MB a run to read no file (tablesaw 0.44.4, techopt's jar). The
     * scan is in Table's static initializer, unconditional, before any reader registry can be replaced, and ClassGraph
     * has no property to skip or narrow it (ClassGraph 4.8.168; measured and read in session 16).
     */
    @Test
    void noClassUsesTablesawsTableClass() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("tech.tablesaw.api.Table").check(MAIN);
    }

    /**
     * Issue #13 item 3: a report is an immutable value, so it is a record; nested ones too (a class inside a record
     * once passed because the schema rule folds nested classes into their enclosing one, review r24h M1).
     */
    @Test
    void everyReportIsARecord() {
        classes().that().areAssignableTo(io.techopt.report.Report.class)
                .and().areNotInterfaces()
                .should().beRecords()
                .because("a report is an immutable value (issue #13 item 3): make it a record implementing "
                        + "report.Report; copy budget/BudgetReport.java")
                .check(MAIN);
    }

    /**
     * The two parents run nothing: each only refuses a missing subcommand, so BaseCommand's output, progress and exit
     * codes mean nothing there (their own @Spec is for that refusal). Every other command shares BaseCommand's exit
     * codes, redacted messages and report writing (review r24h L4: a command with a --json flag of its own passed).
     */
    static final Set<Class<?>> PARENT_COMMANDS = Set.of(io.techopt.cli.TechoptCommand.class, io.techopt.cli.SamplesCommand.class);

    @Test
    void everyCommandExtendsBaseCommand() {
        classes().that().resideInAPackage(ROOT + ".cli..").and().areAnnotatedWith(picocli.CommandLine.Command.class)
                .and(DescribedPredicate.describe("are not a parent of PARENT_COMMANDS",
                        c -> PARENT_COMMANDS.stream().noneMatch(c::isEquivalentTo)))
                .should().beAssignableTo("io.techopt.cli.BaseCommand")
                .because("a command shares BaseCommand's exit codes, redacted messages and report writing: extend it "
                        + "(copy cli/BudgetCommand.java); only the parents in PARENT_COMMANDS do not")
                .check(MAIN);
    }

    /**
     * What the bytecode does not show (review r24h L2): javac inlines a {@code static final} primitive or String, so an
     * engine using another engine's constant leaves no trace for ArchUnit. The sources still name the package: every
     * {@code io.techopt.X} a main source file names outside its comments (an import or a qualified name) must be one
     * its layer may use, by the same lists as above.
     */
    @Test
    void sourcesNameOnlyPackagesTheirLayerMayUse() throws java.io.IOException {
        Path sources = Path.of("src/main/java", ROOT.replace('.', '/'));
        java.util.regex.Pattern named = java.util.regex.Pattern.compile("\\bio\\.techopt\\.([a-z0-9_]+)\\b");
        List<String> wrong = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                String from = sources.relativize(f).getName(0).toString();
                String[] lines = withoutComments(Files.readString(f)).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    var m = named.matcher(lines[i]);
                    while (m.find()) {
                        if (!mayUse(from, m.group(1))) {
                            wrong.add(sources.relativize(f) + ":" + (i + 1) + " (" + from + ") names io.techopt." + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "a layer names a package it may not use (layers: ArchitectureTest and ARCHITECTURE.md); "
                + "an inlined constant counts too: move it down to core or a service");
    }

    /** The layer table of {@link #layersAreOnlyUsedFromAbove} and {@link #enginesDoNotDependOnEachOther}, by top package. */
    static boolean mayUse(String from, String to) {
        if (from.equals(to) || APPLICATION.contains(from) || to.equals(CORE)) {
            return true;
        }
        if (from.equals(CORE)) {
            return false;
        }
        return SERVICES.contains(to) && (ENGINES.contains(from) || SERVICES.contains(from));
    }

    /** The source with its comments blanked (line breaks kept, so line numbers hold); string literals are kept as they are. */
    static String withoutComments(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                b.append(src, i, Math.min(j + 1, src.length()));
                i = j + 1;
            } else if (src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? src.length() : end + 2;
                src.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> b.append('\n'));
                i = end;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * The rule above sees a package with its sub-packages as one slice, so analyze.change -> analyze -> analyze.change
     * passed: here every package is a slice of its own. Two edges back up are the design, each held to its targets by
     * its own rule: a cache adapter implements its port, which lives in cache beside the code choosing the adapter
     * ({@link #cacheAdaptersDependOnlyOnTheirPorts}); the charts read the view model of report, whose page draws them
     * ({@link #svgChartsReadOnlyTheViewModel}). Any other edge closing a cycle fails.
     */
    @Test
    void subPackagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage(ROOT + ".cache.*.."),
                        JavaClass.Predicates.belongToAnyOf(io.techopt.cache.Cache.class, io.techopt.cache.VectorIndex.class))
                .ignoreDependency(resideInAPackage(ROOT + ".report.svg.."),
                        JavaClass.Predicates.belongToAnyOf(io.techopt.report.ReportView.class, io.techopt.report.Fmt.class))
                .check(MAIN);
    }

    /**
     * The classes that write files on their own, each with its reason; every other file the tool writes goes through
     * {@link io.techopt.core.AtomicOutput} (a temporary file renamed into place), so a killed run never leaves half a
     * file. Libraries writing their own files (Lucene's index, DuckDB's Parquet) are not seen here: each has its commit.
     */
    static final Map<Class<?>, String> WRITE_FILES_THEMSELVES = Map.of(
            io.techopt.core.AtomicOutput.class, "the temporary file and its rename",
            io.techopt.store.StoreManifest.class, "the store's commit point: manifest.json written, synced and renamed (docs/store.md)",
            io.techopt.store.DuckDbUsageStore.class, "the store's lock file, and each Parquet file synced and renamed into the store",
            io.techopt.core.redact.PseudonymKey.class, "the key is linked into place from a temporary file, never over another run's key",
            io.techopt.embed.CachedEmbedder.class, "an append-only cache of vectors, rewritten whole when a killed run left a torn tail");

    /** Methods of {@link Files} that create or change a file's content. */
    static final Set<String> FILES_WRITING = Set.of("write", "writeString", "newOutputStream", "newBufferedWriter",
            "newByteChannel", "copy", "move", "createFile", "createTempFile", "createLink");

    static boolean writesAFile(JavaAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        String name = access.getName();
        if (owner.isEquivalentTo(Files.class)) {
            return FILES_WRITING.contains(name);
        }
        if (owner.isEquivalentTo(java.io.File.class)) {
            return Set.of("createNewFile", "renameTo", "createTempFile").contains(name);
        }
        if (owner.isEquivalentTo(java.nio.channels.FileChannel.class) || owner.isEquivalentTo(java.nio.channels.AsynchronousFileChannel.class)) {
            return name.equals("open");
        }
        // Jackson writing to a File or Path (r23h L1: the project writes its JSON with Jackson); to a Writer or stream: not
        if ((owner.isAssignableTo(com.fasterxml.jackson.databind.ObjectMapper.class)
                || owner.isAssignableTo(com.fasterxml.jackson.databind.ObjectWriter.class)
                || owner.isAssignableTo(com.fasterxml.jackson.core.JsonFactory.class))
                && (name.equals("writeValue") || name.equals("createGenerator"))) {
            return firstParameterIsAFile(access);
        }
        // commons-csv (under report/CsvWriter), okhttp's okio and a child process's output onto a File or Path; a
        // logging FileHandler's file (review r24h L1). To a Writer, a stream or a pipe: not
        if ((owner.isAssignableTo(org.apache.commons.csv.CSVFormat.class) && name.equals("print"))
                || (owner.getName().equals("okio.Okio") && (name.startsWith("sink") || name.equals("appendingSink")))
                || (owner.isEquivalentTo(ProcessBuilder.class) && (name.equals("redirectOutput") || name.equals("redirectError")))
                || (owner.isEquivalentTo(ProcessBuilder.Redirect.class) && (name.equals("to") || name.equals("appendTo")))) {
            return firstParameterIsAFile(access);
        }
        if (owner.isAssignableTo(java.util.logging.FileHandler.class) && name.equals(JavaConstructor.CONSTRUCTOR_NAME)) {
            return true;
        }
        // what Files calls underneath, reachable as path.getFileSystem().provider()
        if (owner.isAssignableTo(java.nio.file.spi.FileSystemProvider.class)) {
            return Set.of("newOutputStream", "newByteChannel", "newFileChannel", "newAsynchronousFileChannel", "copy", "move",
                    "createLink").contains(name);
        }
        if (!name.equals(JavaConstructor.CONSTRUCTOR_NAME)) {
            return false;
        }
        if (owner.isEquivalentTo(java.io.FileOutputStream.class) || owner.isEquivalentTo(java.io.FileWriter.class)
                || owner.isEquivalentTo(java.io.RandomAccessFile.class)) {
            return true;
        }
        // PrintWriter(String fileName), PrintStream(File), Formatter(String fileName, ...): a file; of a Writer or a stream: not
        List<JavaClass> params = ((AccessTarget.CodeUnitAccessTarget) access.getTarget()).getRawParameterTypes();
        return (owner.isEquivalentTo(java.io.PrintWriter.class) || owner.isEquivalentTo(java.io.PrintStream.class)
                || owner.isEquivalentTo(java.util.Formatter.class))
                && !params.isEmpty() && (params.get(0).isEquivalentTo(String.class) || params.get(0).isEquivalentTo(java.io.File.class));
    }

    private static boolean firstParameterIsAFile(JavaAccess<?> access) {
        if (!(access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target)) {
            return false;
        }
        List<JavaClass> params = target.getRawParameterTypes();
        return !params.isEmpty() && (params.get(0).isEquivalentTo(java.io.File.class)
                || params.get(0).isAssignableTo(java.nio.file.Path.class));
    }

    /** Library ways to write a file that got past the rule (r23h L1, r24h L1), beside ones that write no file. */
    @SuppressWarnings("unused")
    static final class LibraryWriters {
        void jacksonToFile(java.io.File f) throws java.io.IOException {
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(f, "x");
        }

        void jacksonWriterToFile(java.io.File f) throws java.io.IOException {
            new com.fasterxml.jackson.databind.ObjectMapper().writer().writeValue(f, "x");
        }

        void providerStream(Path p) throws java.io.IOException {
            p.getFileSystem().provider().newOutputStream(p).close();
        }

        void csvFormatToPath(Path p) throws java.io.IOException {
            org.apache.commons.csv.CSVFormat.DEFAULT.print(p, java.nio.charset.StandardCharsets.UTF_8).close();
        }

        void csvFormatToFile(java.io.File f) throws java.io.IOException {
            org.apache.commons.csv.CSVFormat.DEFAULT.print(f, java.nio.charset.StandardCharsets.UTF_8).close();
        }

        void okioSinkToFile(java.io.File f) throws java.io.IOException {
            okio.Okio.sink(f).close();
        }

        void okioAppendingSink(java.io.File f) throws java.io.IOException {
            okio.Okio.appendingSink(f).close();
        }

        void okioSinkToPath(Path p) throws java.io.IOException {
            okio.Okio.sink(p).close();
        }

        void processOutputToFile(java.io.File f) {
            new ProcessBuilder("true").redirectOutput(f);
        }

        void processErrorToFile(java.io.File f) {
            new ProcessBuilder("true").redirectError(f);
        }

        void processRedirectAppendTo(java.io.File f) {
            new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.appendTo(f));
        }

        void loggingFileHandler() throws java.io.IOException {
            new java.util.logging.FileHandler("techopt-%u.log").close();
        }

        void csvFormatToWriter(java.io.Writer w) throws java.io.IOException {
            org.apache.commons.csv.CSVFormat.DEFAULT.print(w).close();
        }

        void okioSinkToStream(java.io.OutputStream o) throws java.io.IOException {
            okio.Okio.sink(o).close();
        }

        void processOutputInherited() {
            new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.INHERIT);
        }

        void jacksonToWriter(java.io.Writer w) throws java.io.IOException {
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(w, "x");
        }

        void providerRead(Path p) throws java.io.IOException {
            p.getFileSystem().provider().newInputStream(p).close();
        }
    }

    @Test
    void libraryWritesToAFileCountAsWritingAFile() {
        JavaClass c = new ClassFileImporter().importClasses(LibraryWriters.class).get(LibraryWriters.class);
        Set<String> writing = new java.util.TreeSet<>();
        Set<String> notWriting = new java.util.TreeSet<>();
        for (var m : c.getMethods()) {
            boolean writes = m.getAccessesFromSelf().stream().anyMatch(ArchitectureTest::writesAFile);
            (writes ? writing : notWriting).add(m.getName());
        }
        assertEquals(Set.of("jacksonToFile", "jacksonWriterToFile", "providerStream", "csvFormatToPath", "csvFormatToFile",
                        "okioSinkToFile", "okioAppendingSink", "okioSinkToPath", "processOutputToFile", "processErrorToFile",
                        "processRedirectAppendTo", "loggingFileHandler"), writing,
                "writesAFile must see each library's write to a File or Path, not one to a Writer, a stream or a read");
        assertEquals(Set.of("jacksonToWriter", "providerRead", "csvFormatToWriter", "okioSinkToStream", "processOutputInherited"),
                notWriting);
    }

    @Test
    void filesAreWrittenThroughAtomicOutput() {
        noClasses().that(not(JavaClass.Predicates.belongToAnyOf(WRITE_FILES_THEMSELVES.keySet().toArray(Class<?>[]::new))))
                .should().accessTargetWhere(DescribedPredicate.describe("write a file (Files.write*, newOutputStream, "
                        + "FileOutputStream, FileWriter, FileChannel.open, ...)", ArchitectureTest::writesAFile))
                .because("every file goes through core.AtomicOutput (or is listed in WRITE_FILES_THEMSELVES with its reason)")
                .check(MAIN);
    }
}
