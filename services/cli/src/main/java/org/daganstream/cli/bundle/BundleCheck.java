package org.daganstream.cli.bundle;

import java.nio.file.Files;
import java.nio.file.Path;

import org.daganstream.cli.CliFailure;
import org.daganstream.inference.BundleManifest;
import org.daganstream.inference.InvalidBundleException;
import org.daganstream.inference.ModelBundle;

/** Finds and verifies the model bundle a run will use, before any service starts. */
public final class BundleCheck {

    /** The command that turns the official DaGAN checkpoints into a bundle. */
    public static final String EXPORT_COMMAND = "cd models && python3 -m dagan_models export"
            + " --checkpoint DaGAN_vox_adv_256.pth.tar --depth-dir depth_face_model/ --out bundle/";

    /**
     * A verified bundle.
     *
     * @param shipped true when it is the bundle shipped with the project (no {@code --bundle} given)
     */
    public record Checked(Path dir, ModelBundle bundle, boolean shipped) {

        public String id() {
            return bundle.id();
        }

        /** True when the manifest says the weights are random (made with {@code --random}). */
        public boolean randomWeights() {
            Object source = bundle.manifest().madeBy().get("source");
            return "random".equals(source);
        }
    }

    private BundleCheck() {
    }

    /**
     * Opens {@code dir}, or the shipped bundle when null, verifying every file against the manifest.
     *
     * @throws CliFailure exit 5 when the bundle is missing or refused
     */
    public static Checked open(Path dir) {
        boolean shipped = dir == null;
        Path bundleDir = shipped ? Installation.shippedBundle().orElseThrow(() -> CliFailure.bundle(
                "no --bundle given and the bundle shipped with the project (" + Installation.SHIPPED_BUNDLE
                        + ") was not found; run from the dagan-stream checkout, set " + Installation.HOME_ENV
                        + ", or pass --bundle DIR", null)) : dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(bundleDir)) {
            throw CliFailure.bundle("model bundle folder " + dir + " does not exist (a bundle is a folder with "
                    + BundleManifest.FILE_NAME + " and four .onnx graphs; make one with: " + EXPORT_COMMAND + ")",
                    null);
        }
        try {
            return new Checked(bundleDir, ModelBundle.open(bundleDir), shipped);
        } catch (InvalidBundleException e) {
            throw CliFailure.bundle("model bundle " + bundleDir + " refused: " + e.getMessage(), e);
        }
    }

    /** The notice printed when the weights are random placeholders. */
    public static String randomWeightsNotice(Checked checked) {
        String which = checked.shipped() ? "the bundle shipped with the project (" + checked.dir() + ")"
                : "bundle " + checked.dir();
        return "NOTE: using " + which + ", id " + checked.id() + ".\n"
                + "      Its weights are random placeholders: the video shows the pipeline working, not a real"
                + " reenactment.\n"
                + "      For real results, export the official DaGAN weights and pass the folder with --bundle:\n"
                + "        " + EXPORT_COMMAND + "\n"
                + "        dagan reenact --bundle models/bundle ...";
    }
}
