package dev.samlec.mech.internal.xml;

import dev.samlec.mech.EcpError;
import java.util.Arrays;
import org.w3c.dom.Node;

/**
 * Counts, during {@link InfosetCheck}'s walk, the work that later stages would do in time growing with the square of
 * a document's shape, and refuses the document before they start ({@link EcpError#XML_TOO_COMPLEX}):
 * <ul>
 *   <li>namespace declarations in scope at one element, at most {@value #MAX_NAMESPACES_IN_SCOPE}: taking an element
 *       out of its envelope declares them on it, and the JDK's DOM does that in time squared in their number;</li>
 *   <li>child elements of one element: OpenSAML's unmarshaller compares each child it adds with the children before
 *       it (30,000 children of one Assertion: 2 s); each child is charged the children before it, in full for
 *       messages, at most {@value #AGGREGATE_SIBLING_CHARGE} for federation metadata, so that an aggregate's tens of
 *       thousands of entities (children with content of their own) stay within the per-node allowance;</li>
 *   <li>namespace-qualified attributes ({@code xml:lang}, {@code xsi:type}, extension attributes): for each, OpenSAML
 *       asks the DOM for its prefix, which scans the attributes of the element and of every ancestor, again for each
 *       declaration and same-namespace ancestor on the way (9,000 such attributes under shadowed prefixes: 40 s);</li>
 *   <li>ID attributes ({@code xml:id}, {@code ID}, {@code Id}): OpenSAML copies each ID into the index of every ancestor as the
 *       tree is built, a map entry each (16,000 {@code xml:id} leaves 63 deep: 150 ms, 5 times a genuine message of
 *       that size); each is charged {@value #ID_CHARGE} per level.</li>
 * </ul>
 * The last three are summed into one estimate of steps and compared with {@value #BASE_WORK} plus
 * {@value #WORK_PER_NODE} per element and attribute: a document may cost its later stages a few times a real one of
 * its size, never its square. The bench's 10,000-entity federation aggregate (43 MB) passes.
 */
final class ShapeBudget {
    /** The most namespace declarations in scope at one element, its own included. */
    static final int MAX_NAMESPACES_IN_SCOPE = 256;
    /** The work any document may cause, whatever its size: about 20-50 ms. */
    static final long BASE_WORK = 16L << 20;
    /** The work allowed per element and attribute above the base. */
    static final int WORK_PER_NODE = 256;
    /** The most a child element of federation metadata is charged for the siblings before it. */
    static final int AGGREGATE_SIBLING_CHARGE = 4096;
    /** A message's children are charged every sibling before them. */
    static final int FULL_SIBLING_CHARGE = Integer.MAX_VALUE;
    /** Steps charged per ID attribute and level of depth: a map entry costs about that many cheap steps. */
    static final int ID_CHARGE = 64;

    /** Per depth (index 0: above the root): declarations in scope, attributes on the chain, elements seen so far. */
    private int[] inScope;
    private long[] chainAttributes;
    private int[] siblingsBefore;
    private final int maxSiblingCharge;
    private long work;
    private long nodes;

    /** {@code maxSiblingCharge}: {@link #FULL_SIBLING_CHARGE} or {@link #AGGREGATE_SIBLING_CHARGE}. */
    ShapeBudget(int maxDepth, int maxSiblingCharge) {
        this.maxSiblingCharge = maxSiblingCharge;
        int size = Math.min(maxDepth, 64) + 2;
        inScope = new int[size];
        chainAttributes = new long[size];
        siblingsBefore = new int[size];
    }

    /**
     * Accounts for {@code element} at {@code depth} (the root is 1), which has {@code attributes} attributes of which
     * {@code declarations} declare namespaces, {@code qualified} are other namespace-qualified attributes and
     * {@code ids} are ID attributes.
     *
     * @throws InfosetViolation when more than {@value #MAX_NAMESPACES_IN_SCOPE} declarations are in scope there
     */
    void element(Node element, int depth, int attributes, int declarations, int qualified, int ids)
            throws InfosetViolation {
        if (depth + 1 >= inScope.length) {
            int size = (depth + 1) * 2;
            inScope = Arrays.copyOf(inScope, size);
            chainAttributes = Arrays.copyOf(chainAttributes, size);
            siblingsBefore = Arrays.copyOf(siblingsBefore, size);
        }
        inScope[depth] = inScope[depth - 1] + declarations;
        if (inScope[depth] > MAX_NAMESPACES_IN_SCOPE) {
            throw new InfosetViolation(EcpError.XML_TOO_COMPLEX, inScope[depth] + " namespace declarations are in"
                    + " scope at " + InfosetCheck.quote(element.getNodeName()) + " (its own and its ancestors'); at"
                    + " most " + MAX_NAMESPACES_IN_SCOPE + " are accepted, real SAML messages use a few");
        }
        chainAttributes[depth] = chainAttributes[depth - 1] + attributes;
        add(Math.min(siblingsBefore[depth]++, maxSiblingCharge));
        siblingsBefore[depth + 1] = 0;
        if (qualified > 0) {
            add(saturatedProduct(qualified, chainAttributes[depth], 1L + inScope[depth] + depth));
        }
        if (ids > 0) {
            add(saturatedProduct(ids, depth, ID_CHARGE));
        }
        nodes += 1 + attributes;
    }

    /** Refuses the document when its estimated work is over its budget. */
    void finish() throws InfosetViolation {
        long budget = BASE_WORK + WORK_PER_NODE * nodes;
        if (work > budget) {
            throw new InfosetViolation(EcpError.XML_TOO_COMPLEX, "its shape would cost its unmarshalling about "
                    + work + " steps for " + nodes + " elements and attributes, more than the " + budget + " allowed"
                    + " (elements with tens of thousands of child elements, or thousands of namespace-qualified"
                    + " attributes under long chains of attributes, or thousands of ID attributes nested deep); real"
                    + " SAML messages and metadata stay far below");
        }
    }

    private void add(long steps) {
        work = work > Long.MAX_VALUE - steps ? Long.MAX_VALUE : work + steps;
    }

    private static long saturatedProduct(long a, long b, long c) {
        try {
            return Math.multiplyExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
