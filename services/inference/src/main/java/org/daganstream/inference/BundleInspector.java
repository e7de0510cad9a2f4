package org.daganstream.inference;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line view of a model bundle, exposed by the CLI as {@code dagan models inspect|verify}:
 *
 * <pre>
 *   inspect BUNDLE_DIR          print the manifest summary (model, graphs, tensor signatures)
 *   verify  BUNDLE_DIR [--load] check every file's size and SHA-256; with --load also load each graph in
 *                               ONNX Runtime (CPU), compare its signature with the manifest and run one warm-up batch
 * </pre>
 *
 * Exit status: 0 when everything checks out, 1 when the bundle is refused, 2 on a usage error.
 */
public final class BundleInspector {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: BundleInspector inspect BUNDLE_DIR | verify BUNDLE_DIR [--load]";

    private BundleInspector() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Path bundle = Path.of(args[1]);
        boolean load = args.length > 2 && args[2].equals("--load");
        if (args.length > 3 || (args.length == 3 && !load)) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            return switch (args[0]) {
                case "inspect" -> {
                    out.print(summary(BundleManifest.read(bundle), bundle));
                    yield OK;
                }
                case "verify" -> verify(bundle, load, out) ? OK : REFUSED;
                default -> {
                    err.println("unknown command '" + args[0] + "'; " + USAGE_TEXT);
                    yield USAGE;
                }
            };
        } catch (InvalidBundleException | InferenceException e) {
            err.println("refused: " + e.getMessage());
            return REFUSED;
        }
    }

    /** Human-readable manifest summary, one section per graph. */
    public static String summary(BundleManifest manifest, Path location) {
        StringBuilder text = new StringBuilder();
        line(text, "bundle", manifest.id() + "  (" + location.toAbsolutePath().normalize() + ")");
        line(text, "format", BundleManifest.FORMAT + " v" + manifest.formatVersion()
                + (manifest.opset() > 0 ? ", ONNX opset " + manifest.opset() : ""));
        line(text, "model", manifest.generator() + ", " + manifest.imageSize() + "x" + manifest.imageSize()
                + " input, " + manifest.numKp() + " keypoints"
                + (manifest.depthLayers() > 0 ? ", depth encoder ResNet-" + manifest.depthLayers() : ""));
        if (!manifest.madeBy().isEmpty()) {
            line(text, "made by", madeBy(manifest.madeBy()));
        }
        text.append("graphs\n");
        for (GraphSpec graph : manifest.graphs().values()) {
            text.append(String.format(Locale.ROOT, "  %-15s %-22s %10s  sha256 %s%n", graph.role().key(),
                    graph.file(), humanBytes(graph.bytes()), FileDigests.abbreviate(graph.sha256())));
            graph.inputs().forEach(spec -> text.append("      in  ").append(spec.name()).append(' ')
                    .append(spec.describeShape()).append('\n'));
            graph.outputs().forEach(spec -> text.append("      out ").append(spec.name()).append(' ')
                    .append(spec.describeShape()).append('\n'));
        }
        return text.toString();
    }

    /** Checks every file (and with {@code load} every graph in ONNX Runtime), printing one line per check. */
    public static boolean verify(Path bundle, boolean load, PrintStream out) {
        BundleManifest manifest = BundleManifest.read(bundle);
        out.println("bundle " + manifest.id());
        List<FileCheck> checks = BundleVerifier.check(bundle, manifest);
        boolean ok = true;
        for (FileCheck check : checks) {
            out.println(check.ok() ? "  ok    " + check.file() + "  sha256 " + check.actualSha256()
                    : "  FAIL  " + check.problem());
            ok &= check.ok();
        }
        if (ok && load) {
            ModelBundle opened = ModelBundle.open(bundle);
            for (GraphRole role : GraphRole.values()) {
                try (GraphSession session = opened.openSession(role, InferenceOptions.defaults())) {
                    session.warmUp();
                    out.println("  ok    " + session.spec().file() + "  loads in ONNX Runtime, signature matches,"
                            + " one batch runs");
                }
            }
        }
        out.println(ok ? "verified" : "REFUSED: the bundle does not match its manifest");
        return ok;
    }

    private static String madeBy(Map<String, Object> madeBy) {
        StringBuilder text = new StringBuilder();
        for (String key : List.of("tool", "source", "preset", "seed", "torch")) {
            Object value = madeBy.get(key);
            if (value != null) {
                text.append(text.length() > 0 ? ", " : "").append(key).append(' ').append(value);
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "%-9s%s%n", label, value));
    }

    private static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
