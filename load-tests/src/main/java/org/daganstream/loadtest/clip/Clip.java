package org.daganstream.loadtest.clip;

import java.nio.file.Path;

/** The files of a generated clip. */
public record Clip(ClipSpec spec, Path sourceImage, Path drivingVideo) {
}
