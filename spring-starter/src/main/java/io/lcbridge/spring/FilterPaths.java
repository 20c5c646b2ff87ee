package io.lcbridge.spring;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code livechat.filter.include-paths} and {@code exclude-paths} in either syntax a Spring developer writes:
 * Spring's {@code PathPattern} forms that mean a servlet URL pattern ({@code /admin/**}, {@code /**},
 * {@code /**}{@code /*.css}) are translated to it ({@code /admin/*}, {@code /*}, {@code *.css}); servlet URL patterns
 * ({@code /exact}, {@code /prefix/*}, {@code *.ext}) are taken as they are, so {@code /admin/*} keeps meaning
 * everything under {@code /admin}. Anything else (a {@code {variable}}, {@code ?}, a wildcard inside a segment) is
 * refused at start-up naming the exact list element, since the filter cannot match it as written.
 */
final class FilterPaths {

    private static final String ACCEPTED = "Use /exact, /prefix/** (or /prefix/*) for everything under a path, "
            + "/** for every path, or *.ext (or /**/*.ext) for an extension.";

    private FilterPaths() {}

    /** The servlet URL patterns for the list bound to {@code property}, each element checked by its index. */
    static List<String> servletPatterns(String property, List<String> patterns) {
        List<String> translated = new ArrayList<>(patterns.size());
        for (int i = 0; i < patterns.size(); i++) {
            translated.add(servletPattern(property + "[" + i + "]", patterns.get(i)));
        }
        return translated;
    }

    /** The servlet URL pattern for one path pattern, or an {@link InvalidLiveChatPropertyException} naming it. */
    static String servletPattern(String property, String pattern) {
        String trimmed = pattern == null ? "" : pattern.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidLiveChatPropertyException(property, "is blank", "Remove it or give a path. " + ACCEPTED);
        }
        String servlet = translate(trimmed);
        if (!isServletPattern(servlet)) {
            throw new InvalidLiveChatPropertyException(
                    property, "is '" + trimmed + "', a pattern the widget filter cannot match", ACCEPTED);
        }
        return servlet;
    }

    private static String translate(String pattern) {
        if (pattern.equals("/**")) {
            return "/*";
        }
        if (pattern.startsWith("/**/*.")) {
            return pattern.substring("/**/".length());
        }
        if (pattern.endsWith("/**")) {
            return pattern.substring(0, pattern.length() - 1);
        }
        return pattern;
    }

    /** The servlet filter's own syntax: {@code /exact}, {@code /prefix/*}, {@code *.ext}, {@code /*}. */
    private static boolean isServletPattern(String pattern) {
        if (pattern.indexOf('{') >= 0 || pattern.indexOf('}') >= 0 || pattern.indexOf('?') >= 0) {
            return false;
        }
        if (pattern.startsWith("*.")) {
            return pattern.length() > 2 && pattern.indexOf('/') < 0 && pattern.indexOf('*', 1) < 0;
        }
        if (!pattern.startsWith("/")) {
            return false;
        }
        int star = pattern.indexOf('*');
        return star < 0 || (pattern.endsWith("/*") && star == pattern.length() - 1);
    }
}
