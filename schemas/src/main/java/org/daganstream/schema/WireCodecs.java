package org.daganstream.schema;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.specific.SpecificRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;

/** Shared codecs for every record that travels on a topic. */
public final class WireCodecs {

  private static final ConcurrentMap<Class<?>, WireCodec<?>> CODECS = new ConcurrentHashMap<>();

  /** dagan.jobs */
  public static final WireCodec<JobRequest> JOB_REQUEST = forType(JobRequest.class);
  /** dagan.jobs.manifests */
  public static final WireCodec<JobManifest> JOB_MANIFEST = forType(JobManifest.class);
  /** dagan.frames.decoded, .depth, .keypoints, .motion, .generated */
  public static final WireCodec<FrameDescriptor> FRAME_DESCRIPTOR = forType(FrameDescriptor.class);
  /** dagan.jobs.status */
  public static final WireCodec<JobStatus> JOB_STATUS = forType(JobStatus.class);
  /** dagan.reenactments */
  public static final WireCodec<Reenactment> REENACTMENT = forType(Reenactment.class);
  /** dagan.frames.dlq */
  public static final WireCodec<DeadLetterFrame> DEAD_LETTER_FRAME = forType(DeadLetterFrame.class);

  /** Every record type published on a topic (the ones with a schema history). */
  public static final List<Class<? extends SpecificRecord>> MESSAGE_TYPES = List.of(
      JobRequest.class, JobManifest.class, FrameDescriptor.class, JobStatus.class, Reenactment.class,
      DeadLetterFrame.class);

  private WireCodecs() {
  }

  /** The shared codec for {@code type}, created with its class-path history on first use. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> WireCodec<T> forType(Class<T> type) {
    return (WireCodec<T>) CODECS.computeIfAbsent(type, t -> WireCodec.withClasspathHistory(type));
  }
}
