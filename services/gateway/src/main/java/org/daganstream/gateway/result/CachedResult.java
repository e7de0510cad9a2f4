package org.daganstream.gateway.result;

import java.nio.file.Path;

/** A local copy of a result object: where it is and how many bytes it has. */
public record CachedResult(Path file, long size) {
}
