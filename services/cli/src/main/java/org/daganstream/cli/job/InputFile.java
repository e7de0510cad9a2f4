package org.daganstream.cli.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import org.daganstream.cli.CliFailure;

/**
 * A local input file (source image or driving video), checked before anything starts so a typo fails fast with
 * exit code 3 and a message naming the file.
 */
public record InputFile(String role, Path path, long size) {

    private static final Pattern SAFE_EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    /**
     * @param role how the file is named in messages, e.g. "source image"
     * @throws CliFailure (exit 3) when the file is missing, a directory, unreadable or empty
     */
    public static InputFile check(String role, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw CliFailure.input(role + " " + path + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw CliFailure.input(role + " " + path + " is a directory; give a file");
        }
        if (!Files.isReadable(absolute)) {
            throw CliFailure.input(role + " " + path + " is not readable (check its permissions)");
        }
        long size;
        try {
            size = Files.size(absolute);
        } catch (IOException e) {
            throw CliFailure.input(role + " " + path + " cannot be read: " + e.getMessage());
        }
        if (size == 0) {
            throw CliFailure.input(role + " " + path + " is empty");
        }
        return new InputFile(role, absolute, size);
    }

    /** Name for the uploaded object: {@code base} plus the file's extension when it is a plain one (".png"). */
    public String uploadName(String base) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (SAFE_EXTENSION.matcher(ext).matches()) {
                return base + "." + ext;
            }
        }
        return base;
    }
}
