package org.daganstream.worker;

import java.util.List;

import org.daganstream.avro.FrameDescriptor;

/**
 * What one model stage does to a frame, split in three phases so the runtime can batch the expensive one across
 * frames and jobs while keeping failures per frame:
 *
 * <ol>
 *   <li>{@link #load}: per frame, read and check its input blobs. A throw fails only that frame.</li>
 *   <li>{@link #infer}: run the model once on a batch of loaded inputs. If it throws, the runtime re-runs each
 *       frame alone so one bad input cannot sink the others.</li>
 *   <li>{@link #store}: per frame, write the output blob under its deterministic key (a redo overwrites it) and
 *       return the descriptor to publish downstream.</li>
 * </ol>
 *
 * <p>All three run on the stage's inference threads, never on an event loop; implementations must be thread-safe
 * when {@code worker.inference.threads} is above 1. Throw {@link InvalidFrameException} for bad input (it goes to
 * the dead-letter topic at once); I/O and broker trouble are retried by the runtime.
 *
 * @param <I> one frame's loaded inputs
 * @param <O> one frame's model outputs
 */
public interface StageProcessor<I, O> extends AutoCloseable {

    /** Reads and validates one frame's inputs. */
    I load(FrameDescriptor frame);

    /** Runs the model on {@code inputs}; returns one output per input, in order. */
    List<O> infer(List<I> inputs);

    /** Persists {@code output} and returns the descriptor for the next stage (the runtime stamps the time). */
    FrameDescriptor store(FrameDescriptor frame, O output);

    /** Runs the model once on neutral inputs so the first real frame does not pay for lazy initialisation. */
    default void warmUp() {
    }

    /** Releases sessions and caches. */
    @Override
    default void close() {
    }
}
