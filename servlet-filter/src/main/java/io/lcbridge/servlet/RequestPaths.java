package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every path inside the web application that a request could be taken to mean, for {@link PathPatterns}: include and
 * exclude rules hold only when they hold for each of them, so a spelling of an excluded path never gets the widget.
 *
 * <p>The raw request URI cannot be matched as it is: {@code /%70layground}, {@code /playground;x=1},
 * {@code //playground}, {@code /./playground} and {@code /a/../playground} all reach the {@code /playground} servlet.
 * The interpretations are:
 * <ol>
 *   <li>the container's: servlet path + path info (decoded and normalised by the container; left out when the
 *   container refuses to give it for an ambiguous URI);</li>
 *   <li>the request URI normalised here, as Servlet 6 §3.5.2 describes: path parameters ({@code ;jsessionid=...})
 *   removed from every segment, each segment percent-decoded once (UTF-8), empty and {@code .} segments removed,
 *   {@code ..} segments resolved, then the context path's segments removed;</li>
 *   <li>when a segment decodes to a {@code /} or {@code \} ({@code %2F}, {@code %5C}), which containers disagree
 *   on, the same normalisation once with it as a separator and once as a character.</li>
 * </ol>
 */
final class RequestPaths {

    private RequestPaths() {}

    /** The paths (each starting with {@code /}) this request could be taken to mean; never empty. */
    static Set<String> interpretations(HttpServletRequest request) {
        Set<String> paths = new LinkedHashSet<>(3);
        String container = containerPath(request);
        if (container != null) {
            paths.add(container);
        }
        String uri = request.getRequestURI();
        if (uri == null) {
            paths.add("/");
            return paths;
        }
        String context = request.getContextPath();
        paths.add(normalised(uri, context, true));
        paths.add(normalised(uri, context, false));
        return paths;
    }

    private static String containerPath(HttpServletRequest request) {
        try {
            String servletPath = request.getServletPath();
            String pathInfo = request.getPathInfo();
            String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
            // a container always gives one of them ("" mapping: path info "/"); neither means no information
            // (a mock request, a request outside any servlet mapping): the normalised URI stands alone
            return path.isEmpty() ? null : path;
        } catch (RuntimeException e) {
            return null; // e.g. Jetty refusing an ambiguous URI: the normalised URI still counts
        }
    }

    /** {@code uri} normalised, minus the (equally normalised) context path's segments when it starts with them. */
    static String normalised(String uri, String contextPath, boolean encodedSeparatorsSplit) {
        List<String> segments = new ArrayList<>();
        boolean directory = segments(uri, encodedSeparatorsSplit, segments);
        if (contextPath != null && !contextPath.isEmpty()) {
            List<String> context = new ArrayList<>();
            segments(contextPath, encodedSeparatorsSplit, context);
            if (segments.size() >= context.size()
                    && segments.subList(0, context.size()).equals(context)) {
                segments.subList(0, context.size()).clear();
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        if (directory) {
            path.append('/');
        }
        return path.toString();
    }

    /**
     * Appends the normalised segments of {@code path} to {@code out}; returns whether it ends like a directory
     * ({@code /a/}, {@code /a/.}, {@code /a/b/..}).
     */
    private static boolean segments(String path, boolean encodedSeparatorsSplit, List<String> out) {
        boolean directory = false;
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int end = start;
            while (end < length && path.charAt(end) != '/' && path.charAt(end) != '\\') {
                end++;
            }
            String raw = path.substring(start, end);
            int parameters = raw.indexOf(';');
            if (parameters >= 0) {
                raw = raw.substring(0, parameters);
            }
            String decoded = decode(raw);
            if (encodedSeparatorsSplit && (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0)) {
                for (String part : decoded.split("[/\\\\]", -1)) {
                    directory = add(part, out);
                }
            } else {
                directory = add(decoded, out);
            }
            start = end + 1;
        }
        return directory && !out.isEmpty();
    }

    /** Applies one segment; returns whether the path so far ends like a directory. */
    private static boolean add(String segment, List<String> out) {
        if (segment.isEmpty() || segment.equals(".")) {
            return true;
        }
        if (segment.equals("..")) {
            if (!out.isEmpty()) {
                out.remove(out.size() - 1);
            }
            return true;
        }
        out.add(segment);
        return false;
    }

    /** Percent-decodes once as UTF-8; a malformed escape or byte sequence leaves the segment as it was. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return segment;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return segment;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return segment;
        }
    }
}
