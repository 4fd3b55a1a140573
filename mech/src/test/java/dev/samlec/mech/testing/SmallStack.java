package dev.samlec.mech.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a call on a thread with a small stack (256 KiB, the size many servers give their worker threads), so a
 * test of a recursion bound fails with {@link StackOverflowError} when the bound is removed, whatever the JVM's
 * default thread stack is.
 */
public final class SmallStack {
    /** The stack size of the thread. */
    public static final long STACK_BYTES = 256 * 1024;

    private SmallStack() {
    }

    /** The call's result; its exception (or error) is rethrown as it is. */
    public static <T> T call(Callable<T> call) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(call.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", STACK_BYTES);
        thread.start();
        thread.join();
        Throwable t = failure.get();
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return result.get();
    }
}
