package io.techopt;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
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
                    .check(MAIN);
        }
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

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
