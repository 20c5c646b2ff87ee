package io.lcbridge.benchmarks;

/**
 * The least work any scanner that looks for a tag in a page must do: read every char once. Used as a floor next to
 * the real injector, in JMH ({@code InjectionBenchmark.floor*}) and over loopback (variant (f) of
 * {@code benchmarks/page-load.sh}), so that a throughput target can be checked against what is reachable at all.
 *
 * <p>Two floors, both far less than an HTML tokenizer does (no tag names, no comments, no raw text, no quotes):
 * <ul>
 *   <li>{@link #countLt}: one comparison per char, the page copied in 1 KiB pieces to a scratch array (plain Java
 *   reads a {@code char[]} much faster than {@code String.charAt});</li>
 *   <li>{@link #visitEveryLt}: stop at every {@code '<'} with the JDK's vectorized {@code String.indexOf(int, int)}
 *   (an AVX2 intrinsic on x86), which every tokenizer must do at least.</li>
 * </ul>
 */
public final class PageReadingFloor {

    private PageReadingFloor() {}

    /** Number of {@code '<'} in {@code s[off, off+len)}, reading each char once through {@code scratch}. */
    public static int countLt(String s, int off, int len, char[] scratch) {
        int n = 0;
        for (int pos = off, end = off + len; pos < end; ) {
            int k = Math.min(scratch.length, end - pos);
            s.getChars(pos, pos + k, scratch, 0);
            n += countLt(scratch, 0, k);
            pos += k;
        }
        return n;
    }

    /** Number of {@code '<'} in {@code c[off, off+len)}, reading each char once. */
    public static int countLt(char[] c, int off, int len) {
        int n = 0;
        for (int i = off, end = off + len; i < end; i++) {
            if (c[i] == '<') {
                n++;
            }
        }
        return n;
    }

    /** Number of {@code '<'} in {@code s[off, off+len)}, stopping at each with {@code String.indexOf}. */
    public static int visitEveryLt(String s, int off, int len) {
        int n = 0;
        int end = off + len;
        for (int i = s.indexOf('<', off); i >= 0 && i < end; i = s.indexOf('<', i + 1)) {
            n++;
        }
        return n;
    }
}
