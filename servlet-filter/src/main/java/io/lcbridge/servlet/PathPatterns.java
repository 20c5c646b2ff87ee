package io.lcbridge.servlet;

import java.util.List;

/**
 * Include/exclude rules on the path inside the web application (decoded and normalised, without the context path:
 * see {@link RequestPaths}), written as servlet URL patterns: {@code /exact}, {@code /prefix/*}, {@code *.ext}, or
 * {@code /*} for everything. A path is filtered when it matches an include (no includes = everything) and no exclude.
 */
final class PathPatterns {

    private final List<String> includes;
    private final List<String> excludes;
    private final boolean everyPath;

    PathPatterns(List<String> includes, List<String> excludes) {
        includes.forEach(PathPatterns::validate);
        excludes.forEach(PathPatterns::validate);
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.everyPath = includes.isEmpty() && excludes.isEmpty();
    }

    static PathPatterns all() {
        return new PathPatterns(List.of(), List.of());
    }

    /**
     * Whether {@link #applies} holds for every path (no include, no exclude: the default), so that a request's paths
     * need not be worked out at all.
     */
    boolean appliesToEveryPath() {
        return everyPath;
    }

    boolean applies(String path) {
        if (!includes.isEmpty() && includes.stream().noneMatch(p -> matches(p, path))) {
            return false;
        }
        return excludes.stream().noneMatch(p -> matches(p, path));
    }

    private static void validate(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("path pattern must not be blank");
        }
        boolean ok = pattern.startsWith("/")
                        && (pattern.indexOf('*') < 0
                                || pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1)
                || pattern.startsWith("*.") && pattern.indexOf('/') < 0 && pattern.indexOf('*', 1) < 0;
        if (!ok) {
            throw new IllegalArgumentException(
                    "path pattern '" + pattern + "' is not a servlet URL pattern (use /exact, /prefix/* or *.ext)");
        }
    }

    static boolean matches(String pattern, String path) {
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            return path.substring(slash + 1).endsWith(pattern.substring(1));
        }
        return path.equals(pattern);
    }

    @Override
    public String toString() {
        return "include " + (includes.isEmpty() ? "[/*]" : includes) + " exclude " + excludes;
    }
}
