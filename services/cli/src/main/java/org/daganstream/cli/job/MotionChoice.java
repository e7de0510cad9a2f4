package org.daganstream.cli.job;

import java.util.Map;

import org.daganstream.avro.JobOptions;
import org.daganstream.avro.OutputFormat;

/**
 * What a user asks of a job: motion transfer mode and output layout. Defaults are the reference demo's
 * recommended run (relative motion, adapted scale, first frame as anchor).
 */
public record MotionChoice(boolean relative, boolean adaptScale, int anchorFrame, boolean sideBySide, int priority,
                           Map<String, String> callbackMetadata) {

    public static final MotionChoice DEFAULT = new MotionChoice(true, true, 0, false, 0, Map.of());

    public MotionChoice {
        if (anchorFrame < 0) {
            throw new IllegalArgumentException("--anchor must be >= 0, got " + anchorFrame);
        }
        callbackMetadata = Map.copyOf(callbackMetadata);
    }

    public JobOptions toJobOptions(OutputFormat format) {
        return JobOptions.newBuilder()
                .setRelativeMotion(relative)
                .setAdaptScale(adaptScale)
                .setAnchorFrame(anchorFrame)
                .setOutputFormat(format)
                .setSideBySide(sideBySide)
                .setPriority(priority)
                .setCallbackMetadata(callbackMetadata)
                .build();
    }

    public String describe() {
        return (relative ? "relative motion" + (adaptScale ? ", adapted scale" : ", no scale adaptation")
                : "absolute motion") + ", anchor frame " + anchorFrame + (sideBySide ? ", side by side" : "");
    }
}
