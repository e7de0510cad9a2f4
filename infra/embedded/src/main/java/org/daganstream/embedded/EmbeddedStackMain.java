package org.daganstream.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded stack with every project topic until Ctrl-C, printing the connection settings
 * so services started by hand can join it. For development only.
 */
public final class EmbeddedStackMain {

    static final String USAGE = """
            Usage: EmbeddedStackMain [options]
              --data-dir DIR          keep broker logs and objects in DIR (default: temporary, deleted on exit)
              --kafka-port N          Kafka port on 127.0.0.1 (default: free port)
              --s3-port N             S3 port on 127.0.0.1 (default: free port)
              --partitions N          partitions per project topic (default: 4)
              --bucket NAME           main bucket (default: dagan)
              --in-memory-s3          keep objects in memory
              --properties-file FILE  also write the connection settings to FILE (usable as DAGAN_CONFIG)
              --help                  show this help
            """;

    private EmbeddedStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        EmbeddedStack stack = options.toBuilder().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "dagan-embedded-shutdown"));
        if (options.propertiesFile() != null) {
            writePropertiesFile(options.propertiesFile(), stack.clientProperties());
        }
        printConnection(System.out, stack);
        stopped.await();
    }

    static void printConnection(PrintStream out, EmbeddedStack stack) {
        out.printf("Embedded dagan-stream stack running (started in %d ms), data in %s. Ctrl-C to stop.%n",
                stack.startupTime().toMillis(), stack.dataDir());
        out.println();
        out.println("# As a properties file (DAGAN_CONFIG):");
        propertiesLines(stack.clientProperties()).forEach(out::println);
        out.println();
        out.println("# As environment variables:");
        for (Map.Entry<String, String> e : sorted(stack.clientProperties())) {
            out.println("export " + environmentName(e.getKey()) + "=" + e.getValue());
        }
        out.flush();
    }

    /** {@code kafka.bootstrap.servers} -> {@code DAGAN_KAFKA_BOOTSTRAP_SERVERS}, the reverse of the config scheme. */
    static String environmentName(String key) {
        return "DAGAN_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    static List<String> propertiesLines(Map<String, String> props) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : sorted(props)) {
            lines.add(e.getKey() + "=" + e.getValue().replace("\\", "\\\\"));
        }
        return lines;
    }

    private static List<Map.Entry<String, String>> sorted(Map<String, String> props) {
        return props.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }

    private static void writePropertiesFile(Path file, Map<String, String> props) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, propertiesLines(props), StandardCharsets.UTF_8);
            try {
                // The file holds the S3 secret key.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; keep the default permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write connection settings to " + file, e);
        }
    }

    /** Parsed command line. */
    record Options(Path dataDir, int kafkaPort, int s3Port, int partitions, String bucket, boolean inMemoryS3,
                   Path propertiesFile, boolean help) {

        static Options parse(String... args) {
            Path dataDir = null;
            Path propertiesFile = null;
            int kafkaPort = 0;
            int s3Port = 0;
            int partitions = 4;
            String bucket = EmbeddedStack.DEFAULT_BUCKET;
            boolean inMemoryS3 = false;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                    case "--kafka-port" -> kafkaPort = number(args, ++i, arg, 0, 65535);
                    case "--s3-port" -> s3Port = number(args, ++i, arg, 0, 65535);
                    case "--partitions" -> partitions = number(args, ++i, arg, 1, 10_000);
                    case "--bucket" -> bucket = BucketNames.validate(value(args, ++i, arg));
                    case "--in-memory-s3" -> inMemoryS3 = true;
                    case "--properties-file" -> propertiesFile = Path.of(value(args, ++i, arg));
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            return new Options(dataDir, kafkaPort, s3Port, partitions, bucket, inMemoryS3, propertiesFile, help);
        }

        EmbeddedStack.Builder toBuilder() {
            EmbeddedStack.Builder builder = EmbeddedStack.builder()
                    .kafkaPort(kafkaPort)
                    .s3Port(s3Port)
                    .bucket(bucket);
            if (dataDir != null) {
                builder.dataDir(dataDir);
            }
            if (inMemoryS3) {
                builder.inMemoryS3();
            }
            ProjectTopics.specs(partitions).forEach(builder::topic);
            return builder;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length || args[index].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static int number(String[] args, int index, String option, int min, int max) {
            String text = value(args, index, option);
            int parsed;
            try {
                parsed = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, got '" + text + "'");
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        }
    }
}
