package org.daganstream.motion;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.kafka.Decoded;
import org.daganstream.common.kafka.DeadLetters;
import org.daganstream.common.kafka.RecordDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step: decodes the raw values of {@code dagan.frames.keypoints} and validates each frame on its own.
 * Good frames go on keyed by jobId (the repartition key); anything else becomes a dead letter, so one bad record
 * never stops the partition.
 */
final class FrameDecodeProcessor implements Processor<String, byte[], String, Routed<SourcedFrame>> {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDecodeProcessor.class);

    private final RecordDecoder<FrameDescriptor> decoder;
    private final FrameValidator validator;
    private final String inputTopic;
    private final MotionMetrics metrics;
    private ProcessorContext<String, Routed<SourcedFrame>> context;

    FrameDecodeProcessor(RecordDecoder<FrameDescriptor> decoder, FrameValidator validator, String inputTopic,
            MotionMetrics metrics) {
        this.decoder = decoder;
        this.validator = validator;
        this.inputTopic = inputTopic;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed<SourcedFrame>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(
                context.recordMetadata().map(RecordMetadata::topic).orElse(inputTopic),
                context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
                context.recordMetadata().map(RecordMetadata::offset).orElse(-1L),
                record.key(), record.value());

        Decoded<FrameDescriptor> decoded = decoder.decode(consumed);
        if (decoded instanceof Decoded.Ok<FrameDescriptor> ok) {
            accept(record, consumed, ok.value());
        } else if (decoded instanceof Decoded.Malformed<FrameDescriptor> bad) {
            metrics.deadLettered("malformed");
            deadLetter(record, DeadLetters.malformed(MotionStage.NAME, bad));
        } else {
            metrics.deadLettered("malformed");
            LOG.warn("Dead-lettering record without a value at {}", RecordDecoder.position(consumed));
            deadLetter(record, DeadLetters.of(MotionStage.NAME, consumed,
                    new InvalidFrameException("record has a null value; expected a FrameDescriptor"), 1, null));
        }
    }

    private void accept(Record<String, byte[]> record, ConsumerRecord<String, byte[]> consumed, FrameDescriptor frame) {
        try {
            validator.validate(frame);
        } catch (InvalidFrameException e) {
            LOG.warn("Dead-lettering invalid frame at {}: {}", RecordDecoder.position(consumed), e.getMessage());
            metrics.deadLettered("invalid");
            deadLetter(record, DeadLetters.of(MotionStage.NAME, consumed, e, 1, frame));
            return;
        }
        SourcedFrame sourced = new SourcedFrame(consumed.partition(), consumed.offset(), record.value(), frame);
        context.forward(record.withKey(frame.getJobId()).withValue(Routed.of(sourced)));
    }

    private void deadLetter(Record<String, byte[]> record, DeadLetterFrame deadLetter) {
        context.forward(record.<Routed<SourcedFrame>>withValue(Routed.deadLetter(deadLetter)));
    }
}
