package dev.samlec.mech.internal.kerberos;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;

/**
 * Runs code as a JAAS Subject on every JDK from 17 on: {@code Subject.callAs} where the JDK has it (18 and later; JGSS
 * there finds the Subject through {@code Subject.current()}), {@code Subject.doAs} on Java 17. The same logic as
 * sasl-provider's public {@code SubjectAccess}, kept here because {@code mech} cannot depend on that module.
 */
public final class SubjectCalls {
    private static final MethodHandle CALL_AS = find();

    private SubjectCalls() {
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

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findStatic(Subject.class, "callAs",
                    MethodType.methodType(Object.class, Subject.class, Callable.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
