package org.daganstream.inference;

/**
 * Outcome of checking one graph file against its manifest entry.
 *
 * @param role      the graph
 * @param file      file name inside the bundle
 * @param actualSha256 digest of the file on disk, or null when it was not computed (missing file, size mismatch)
 * @param problem   null when the file matches, otherwise a message naming the file, expected and actual values
 */
public record FileCheck(GraphRole role, String file, String actualSha256, String problem) {

    public boolean ok() {
        return problem == null;
    }
}
