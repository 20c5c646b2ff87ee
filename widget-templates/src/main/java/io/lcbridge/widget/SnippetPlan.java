package io.lcbridge.widget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The template pre-rendered once per shape of input, so a page costs a few string copies instead
 * of a Mustache walk.
 *
 * <p>The only per-request inputs are the nonce, the customer name, the customer email and the
 * session-variable object, and the template can only test them for presence (all are non-empty
 * strings) or insert them. So the template is rendered once for each of the 10 shapes (nonce or
 * not × anonymous, or identity with or without name and email) with alphanumeric markers in place
 * of the values, which no escaping changes, and the output is cut at the markers. A plan is only
 * used after it reproduced Mustache's own output for probe values in every shape; a template that
 * does anything else with the values renders through Mustache on every request instead.
 */
final class SnippetPlan {

    enum Slot {
        NONCE,
        NAME,
        EMAIL,
        VARIABLES
    }

    private static final String[] MARKERS = {"LcBrIdGeNoNcE7q", "LcBrIdGeNaMe7q", "LcBrIdGeEmAiL7q", "LcBrIdGeVaRs7q"};

    /** Static text, or a slot to fill. */
    record Segment(String text, Slot slot) {}

    /** The segments of one shape of input, and the total length of their static text. */
    record Shape(Segment[] segments, int staticLength) {}

    private final Shape[] shapes = new Shape[10];

    private SnippetPlan() {}

    /**
     * Compiles a plan, or returns {@code null} when the template does not treat the values as
     * opaque (the caller then renders through Mustache each time).
     *
     * @param render renders the template for a scope: base scope plus the given nonce and identity scope
     * @param probe  the Mustache output for probe values of a shape, to check the plan against
     */
    static SnippetPlan compile(
            BiFunction<String, Map<String, Object>, String> render,
            String probeNonce,
            String probeName,
            String probeEmail,
            String probeVariables) {
        SnippetPlan plan = new SnippetPlan();
        for (boolean nonce : new boolean[] {false, true}) {
            for (int identity = 0; identity < 5; identity++) {
                String withMarkers = render.apply(
                        nonce ? MARKERS[0] : null, identityScope(identity, MARKERS[1], MARKERS[2], MARKERS[3]));
                String withProbes = render.apply(
                        nonce ? probeNonce : null, identityScope(identity, probeName, probeEmail, probeVariables));
                String withoutValues = render.apply(null, null);
                for (String marker : MARKERS) {
                    if (withoutValues.contains(marker)) {
                        return null;
                    }
                }
                Shape shape = cut(withMarkers);
                String replayed = plan.replay(shape, probeNonce, probeName, probeEmail, probeVariables);
                if (!replayed.equals(withProbes)) {
                    return null;
                }
                plan.shapes[index(nonce, identity)] = shape;
            }
        }
        return plan;
    }

    /** The shape for this input: identity 0 = anonymous, 1..4 = identity with name/email bits (1 + name + 2 × email). */
    Shape shape(boolean nonce, boolean identity, boolean name, boolean email) {
        int id = identity ? 1 + (name ? 1 : 0) + (email ? 2 : 0) : 0;
        return shapes[index(nonce, id)];
    }

    private static int index(boolean nonce, int identity) {
        return (nonce ? 5 : 0) + identity;
    }

    private static Map<String, Object> identityScope(int identity, String name, String email, String variables) {
        if (identity == 0) {
            return null;
        }
        Map<String, Object> scope = new HashMap<>();
        int bits = identity - 1;
        if ((bits & 1) != 0) {
            scope.put("customerName", name);
        }
        if ((bits & 2) != 0) {
            scope.put("customerEmail", email);
        }
        scope.put("sessionVariables", variables);
        return scope;
    }

    private static Shape cut(String rendered) {
        List<Segment> segments = new ArrayList<>();
        int staticLength = 0;
        int from = 0;
        while (true) {
            int next = -1;
            int which = -1;
            for (int m = 0; m < MARKERS.length; m++) {
                int at = rendered.indexOf(MARKERS[m], from);
                if (at >= 0 && (next < 0 || at < next)) {
                    next = at;
                    which = m;
                }
            }
            if (next < 0) {
                break;
            }
            if (next > from) {
                segments.add(new Segment(rendered.substring(from, next), null));
                staticLength += next - from;
            }
            segments.add(new Segment(null, Slot.values()[which]));
            from = next + MARKERS[which].length();
        }
        if (from < rendered.length()) {
            segments.add(new Segment(rendered.substring(from), null));
            staticLength += rendered.length() - from;
        }
        return new Shape(segments.toArray(new Segment[0]), staticLength);
    }

    private String replay(Shape shape, String nonce, String name, String email, String variables) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : shape.segments()) {
            if (segment.text() != null) {
                out.append(segment.text());
            } else {
                switch (segment.slot()) {
                    case NONCE:
                        out.append(nonce);
                        break;
                    case NAME:
                        out.append(name);
                        break;
                    case EMAIL:
                        out.append(email);
                        break;
                    default:
                        out.append(variables);
                        break;
                }
            }
        }
        return out.toString();
    }
}
