package org.daganstream.assembler.mux;

import org.daganstream.avro.Reenactment;

/** Publishes a job's final {@code Reenactment} and returns only once the broker has acknowledged it. */
@FunctionalInterface
public interface ResultPublisher {

    /** @throws RuntimeException when the record could not be durably published */
    void publish(Reenactment result);
}
