package dev.samlec.sasl;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.AccessControlContext;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;

/**
 * The current JAAS {@code Subject}, on every JDK from 17 on: {@code Subject.current()} and {@code callAs} where the
 * JDK has them (18 and later; on 23 and later {@code getSubject} no longer works without a security manager), and
 * {@code getSubject(AccessController.getContext())} and {@code doAs} on Java 17. One jar runs unchanged on both.
 */
public final class SubjectAccess {
    private static final MethodHandle CURRENT = find("current", MethodType.methodType(Subject.class));
    private static final MethodHandle CALL_AS = find("callAs",
            MethodType.methodType(Object.class, Subject.class, Callable.class));

    private SubjectAccess() {
    }

    /** The Subject the current code runs as, if any. */
    @SuppressWarnings("removal")
    public static Optional<Subject> current() {
        if (CURRENT != null) {
            try {
                return Optional.ofNullable((Subject) CURRENT.invokeExact());
            } catch (Throwable e) {
                throw new IllegalStateException("Subject.current() failed", e);
            }
        }
        AccessControlContext context = java.security.AccessController.getContext();
        return Optional.ofNullable(Subject.getSubject(context));
    }

    /**
     * Runs {@code action} as {@code subject}.
     *
     * @throws Exception what the action throws
     */
    @SuppressWarnings({"removal", "unchecked"})
    public static <T> T callAs(Subject subject, Callable<T> action) throws Exception {
        if (CALL_AS != null) {
            try {
                return (T) CALL_AS.invokeExact(subject, (Callable<?>) action);
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<T>) action::call);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }

    private static MethodHandle find(String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(Subject.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
