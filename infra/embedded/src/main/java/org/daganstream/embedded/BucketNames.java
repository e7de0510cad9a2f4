package org.daganstream.embedded;

import java.util.regex.Pattern;

/** S3 bucket naming rules, checked up front so a bad name fails with a clear message. */
final class BucketNames {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private BucketNames() {
    }

    static String validate(String name) {
        if (name == null || !VALID.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("Invalid S3 bucket name '" + name + "': use 3-63 lowercase letters,"
                    + " digits, dots or hyphens, starting and ending with a letter or digit");
        }
        return name;
    }
}
