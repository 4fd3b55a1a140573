package dev.samlec.bench.interleaved;

/**
 * One operation of an {@link InterleavedRun}: {@link #prepare()} runs before each call and is not timed (a new
 * SAML20EC server and its challenge, say), {@link #call()} is the timed part; {@link #close()} stops whatever the
 * operation started.
 */
public interface TimedOperation extends AutoCloseable {
    /** Untimed work before each {@link #call()}; nothing by default. */
    default void prepare() throws Exception {
    }

    /** The timed operation; its result is kept so that the JIT cannot drop the work. */
    Object call() throws Exception;

    /** Stops what the operation started; nothing by default. */
    @Override
    default void close() {
    }
}
