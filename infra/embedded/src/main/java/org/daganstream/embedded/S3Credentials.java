package org.daganstream.embedded;

import java.security.SecureRandom;

/**
 * A random access/secret key pair, fresh for each embedded S3 server so that no fixed secret
 * exists anywhere. {@link #toString()} never shows the secret.
 */
record S3Credentials(String accessKey, String secretKey) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCESS_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Same shapes as AWS keys: 20-character access key id, 40-character secret. */
    static S3Credentials random() {
        return new S3Credentials(randomString(ACCESS_ALPHABET, 20), randomString(SECRET_ALPHABET, 40));
    }

    private static String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=****]";
    }
}
