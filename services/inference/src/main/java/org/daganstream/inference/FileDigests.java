package org.daganstream.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, streamed so graph files of hundreds of MB never sit in memory. */
final class FileDigests {
    private static final int CHUNK = 1 << 20;

    private FileDigests() {
    }

    /** Lower-case hex SHA-256 of the file's bytes. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                digest.update(chunk, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A digest shortened for messages: enough hex to tell two apart at a glance. */
    static String abbreviate(String hex) {
        return hex.length() <= 12 ? hex : hex.substring(0, 12) + "..";
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
