package dev.samlec.mech.internal.xml;

import java.util.HashSet;
import java.util.Set;

/**
 * The distinct names one pooled builder has read, as {@link InfosetCheck} reports them, so that the pool can drop the
 * builder before its symbol table grows large: Xerces keeps every name a builder reads for the builder's life, and
 * for each qualified name also its prefix and local part, so the table holds at most three entries and twice the
 * characters per name counted here.
 *
 * <p>Once over either limit the vocabulary stops counting: the builder will not be reused, and a large document
 * (metadata) adds no more work.
 */
final class BuilderVocabulary implements InfosetCheck.Names {
    /** Most distinct names a reused builder may have read; a SAML deployment uses a few hundred at most. */
    static final int MAX_NAMES = 1024;

    /** Most characters those names may have in all. */
    static final int MAX_CHARS = 32 * 1024;

    private final Set<String> names = new HashSet<>();
    private long chars;

    @Override
    public void seen(String name) {
        if (!withinLimits()) {
            return;
        }
        if (names.add(name)) {
            chars += name.length();
        }
    }

    /** Distinct names counted so far (for tests). */
    int names() {
        return names.size();
    }

    /** Their characters (for tests). */
    long chars() {
        return chars;
    }

    /** Whether the builder's names are still few and short enough for it to be reused. */
    boolean withinLimits() {
        return names.size() <= MAX_NAMES && chars <= MAX_CHARS;
    }
}
