package org.daganstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.daganstream.common.config.ConfigException;
import org.daganstream.inference.InvalidBundleException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void mapsLibraryExceptionsToExitCodes() {
        assertEquals(ExitCode.USAGE, Failures.classify(new ConfigException("config key x=y is not an integer")).exitCode());
        assertEquals(ExitCode.BUNDLE, Failures.classify(new InvalidBundleException("depth.onnx missing")).exitCode());
        CliFailure kafka = Failures.classify(new ExecutionException(new TimeoutException("no broker")));
        assertEquals(ExitCode.INFRA, kafka.exitCode());
        assertEquals("no broker", kafka.getMessage());
        CliFailure bug = Failures.classify(new IllegalStateException("oops"));
        assertEquals(ExitCode.INFRA, bug.exitCode());
        assertTrue(bug.getMessage().startsWith("internal error"));
        CliFailure own = CliFailure.input("x.png does not exist");
        assertEquals(own, Failures.classify(own));
    }

    @Test
    void aStageThatCannotStartIsNamed() {
        CliFailure f = Failures.stageStart("motion", new IllegalStateException("Kafka did not answer within 30s"));
        assertEquals(ExitCode.INFRA, f.exitCode());
        assertEquals("stage motion could not start: Kafka did not answer within 30s", f.getMessage());
        assertFalse(f.getMessage().contains("internal error"));
        assertEquals(ExitCode.USAGE, Failures.stageStart("ingest", new ConfigException("missing key")).exitCode());
    }
}
