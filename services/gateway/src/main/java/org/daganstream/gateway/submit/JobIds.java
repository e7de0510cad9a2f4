package org.daganstream.gateway.submit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Job ids for submissions that bring none: {@code 20250102-150405-9f3a61c2} (UTC time, then 32 random bits). They
 * sort by submission time in listings and are valid blob-key segments.
 */
public final class JobIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public JobIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }
}
