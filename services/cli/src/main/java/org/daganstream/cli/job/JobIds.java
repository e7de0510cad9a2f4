package org.daganstream.cli.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

import org.daganstream.cli.CliFailure;
import org.daganstream.common.blob.BlobKeys;

/** Job ids made by the CLI: {@code job-20250101-120000-1a2b3c}, sortable by submission time and unique enough. */
public final class JobIds {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String newId(Clock clock) {
        byte[] tail = new byte[3];
        RANDOM.nextBytes(tail);
        return "job-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(tail);
    }

    /** Checks a user-given job id; a bad one is a usage error naming the rule. */
    public static String requireValid(String jobId) {
        if (!BlobKeys.isValidJobId(jobId)) {
            throw CliFailure.usage("invalid job id '" + jobId + "': use 1-128 characters A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
        }
        return jobId;
    }
}
