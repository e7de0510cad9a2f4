package org.daganstream.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.bundle.BundleCheck;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.inference.BundleInspector;
import org.daganstream.inference.BundleManifest;
import org.daganstream.inference.InferenceException;
import org.daganstream.inference.InvalidBundleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dagan models inspect|verify BUNDLE}. */
@Command(name = "models",
        header = "Inspect and verify model bundles.",
        description = "Inspect and verify model bundles (folders made by `python3 -m dagan_models export`).",
        subcommands = {ModelsCommand.Inspect.class, ModelsCommand.Verify.class})
public final class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a subcommand: inspect or verify");
    }

    @Command(name = "inspect", description = "Print a bundle's manifest: model, graphs, tensor signatures, origin.")
    static final class Inspect implements Callable<Integer> {

        @Parameters(paramLabel = "BUNDLE", description = "Bundle folder (holds manifest.json and four .onnx files).")
        Path bundle;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            requireFolder(bundle);
            BundleManifest manifest;
            try {
                manifest = BundleManifest.read(bundle);
            } catch (InvalidBundleException e) {
                throw CliFailure.bundle("bundle " + bundle + " refused: " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(BundleInspector.summary(manifest, bundle));
            if ("random".equals(manifest.madeBy().get("source"))) {
                out.println("weights  random placeholders (for tests and demos); export real ones with:");
                out.println("         " + BundleCheck.EXPORT_COMMAND);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "verify", description = {"Check every graph file's size and SHA-256 against the manifest.",
        "Exit code 0 when the bundle is intact, 1 when it is refused (3 when the folder does not exist)."})
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "BUNDLE", description = "Bundle folder.")
        Path bundle;

        @Option(names = "--load", description = "Also load every graph in ONNX Runtime, compare its signature with"
                + " the manifest and run one batch.")
        boolean load;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            requireFolder(bundle);
            PrintWriter out = spec.commandLine().getOut();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            boolean ok;
            try (PrintStream lines = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                ok = BundleInspector.verify(bundle, load, lines);
            } catch (InvalidBundleException | InferenceException e) {
                out.print(buffer.toString(StandardCharsets.UTF_8));
                out.println("REFUSED: " + e.getMessage());
                out.flush();
                return ExitCode.JOB_FAILED;
            }
            out.print(buffer.toString(StandardCharsets.UTF_8));
            out.flush();
            return ok ? ExitCode.OK : ExitCode.JOB_FAILED;
        }
    }

    static void requireFolder(Path bundle) {
        if (!Files.isDirectory(bundle)) {
            throw CliFailure.input("bundle folder " + bundle
                    + (Files.exists(bundle) ? " is not a folder" : " does not exist"));
        }
    }
}
