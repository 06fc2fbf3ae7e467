package dev.lathe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules, checked on the compiled classes of every module (the app is built last, so the
 * others' target/classes folders exist when this runs): modules/ never touches JavaFX, the app or the
 * runner; the app never trains in its own process.
 */
class ArchitectureTest {
    private static final List<String> MODULES = List.of("core", "data", "workspace", "tracking", "training", "sweeps", "charts", "serving", "interop");
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> folders = new ArrayList<>();
        for (String m : MODULES) {
            folders.add(root.resolve("modules").resolve(m).resolve("target/classes"));
        }
        folders.add(root.resolve("local-runner/target/classes"));
        folders.add(root.resolve("app/target/classes"));
        for (Path f : folders) {
            assertTrue(Files.isDirectory(f), "compiled classes missing (build the whole project first): " + f);
        }
        classes = new ClassFileImporter().importPaths(folders);
        assertTrue(classes.size() > 50, "expected the whole project, imported " + classes.size() + " classes");
    }

    private static String[] modulePackages() {
        return MODULES.stream().map(m -> "dev.lathe." + m + "..").toArray(String[]::new);
    }

    private static com.tngtech.archunit.lang.ArchRule noJavaFxInModules() {
        return noClasses().that().resideInAnyPackage(modulePackages())
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.testfx..")
                .because("modules/ stays headless: the runner and CI use it without a display");
    }

    private static com.tngtech.archunit.lang.ArchRule noUpwardDependencies() {
        return noClasses().that().resideInAnyPackage(modulePackages())
                .should().dependOnClassesThat().resideInAnyPackage("dev.lathe.app..", "dev.lathe.runner..")
                .because("dependencies point from app and runner to modules, never back");
    }

    @Test
    void modulesDoNotUseJavaFx() {
        noJavaFxInModules().check(classes);
    }

    @Test
    void theRulesCatchAViolation() {
        JavaClasses leaky = new ClassFileImporter().importClasses(dev.lathe.workspace.archfixture.LeakyModuleClass.class);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> noJavaFxInModules().check(leaky));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> noUpwardDependencies().check(leaky));
    }

    @Test
    void modulesDoNotDependOnTheAppOrTheRunner() {
        noUpwardDependencies().check(classes);
    }

    @Test
    void appNeverTrainsInItsOwnProcess() {
        noClasses().that().resideInAPackage("dev.lathe.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lathe.training..", "dev.lathe.runner..",
                        "ai.djl..", "org.tribuo..")
                .because("training runs in local-runner as a child process, so a crash never takes the app down")
                .check(classes);
    }

    @Test
    void theRunnerDoesNotUseJavaFx() {
        noClasses().that().resideInAPackage("dev.lathe.runner..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(classes);
    }
}
