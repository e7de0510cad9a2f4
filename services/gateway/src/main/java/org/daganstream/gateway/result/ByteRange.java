package org.daganstream.gateway.result;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a representation, both ends inclusive, parsed from an HTTP {@code Range} header (RFC 9110
 * section 14): {@code bytes=0-499}, {@code bytes=500-}, {@code bytes=-500}. A header this server does not use
 * (absent, malformed, another unit, several ranges) means "send everything", as the RFC allows.
 */
public record ByteRange(long start, long end) {

    private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*", Pattern.CASE_INSENSITIVE);

    public ByteRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid byte range " + start + "-" + end);
        }
    }

    public long length() {
        return end - start + 1;
    }

    /** {@code bytes 0-499/1234}, for {@code Content-Range}. */
    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /** Thrown for a well-formed range that lies entirely beyond the representation: answer 416. */
    public static final class NotSatisfiableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSatisfiableException(String header, long size) {
            super("range '" + header + "' is outside the " + size + " bytes of the result");
        }
    }

    /**
     * @param header the {@code Range} header value, may be null
     * @param size   the representation's length in bytes
     * @return the range to send, or null to send the whole representation
     * @throws NotSatisfiableException when the range starts at or beyond {@code size}
     */
    public static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches()) {
            return null;
        }
        String first = m.group(1);
        String last = m.group(2);
        if (first.isEmpty() && last.isEmpty()) {
            return null;
        }
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix == 0 || size == 0) {
                    throw new NotSatisfiableException(header, size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (end < start) {
                return null;
            }
            if (start >= size) {
                throw new NotSatisfiableException(header, size);
            }
            return new ByteRange(start, Math.min(end, size - 1));
        } catch (NumberFormatException e) {
            // more digits than a long holds: not a range we can use
            return null;
        }
    }
}
