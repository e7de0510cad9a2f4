package org.daganstream.cli.bundle;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.daganstream.cli.Dagan;

/**
 * Where the project is installed (the checkout the launcher runs from), to find what ships with it: the tiny model
 * bundle {@code models/fixtures/tiny/} and the Python package {@code models/}. Looked up in order: system property
 * {@code dagan.home} (set by the {@code dagan} launcher), env {@code DAGAN_HOME}, the folder this code was loaded
 * from ({@code <home>/services/cli/target/...}), the working directory.
 */
public final class Installation {

    public static final String HOME_PROPERTY = "dagan.home";
    public static final String HOME_ENV = "DAGAN_HOME";
    /** The shipped bundle, relative to the installation. */
    public static final Path SHIPPED_BUNDLE = Path.of("models", "fixtures", "tiny");

    private Installation() {
    }

    /** The installation folder, if one holding the shipped bundle can be found. */
    public static Optional<Path> home() {
        for (Path candidate : candidates()) {
            if (Files.isRegularFile(candidate.resolve(SHIPPED_BUNDLE).resolve("manifest.json"))) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** The shipped bundle, if the installation can be found. */
    public static Optional<Path> shippedBundle() {
        return home().map(h -> h.resolve(SHIPPED_BUNDLE));
    }

    /** Places tried, in order (for error messages too). */
    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            out.add(Path.of(property));
        }
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        codeLocation().ifPresent(out::add);
        out.add(Path.of("").toAbsolutePath());
        return out;
    }

    /** {@code <home>} for code loaded from {@code <home>/services/cli/target/classes} or {@code .../target/*.jar}. */
    private static Optional<Path> codeLocation() {
        try {
            var source = Dagan.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI()).toAbsolutePath();
            for (Path p = path; p != null; p = p.getParent()) {
                if (p.getFileName() != null && p.getFileName().toString().equals("target")) {
                    Path module = p.getParent();
                    Path home = module == null || module.getParent() == null ? null : module.getParent().getParent();
                    return Optional.ofNullable(home);
                }
            }
            return Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
