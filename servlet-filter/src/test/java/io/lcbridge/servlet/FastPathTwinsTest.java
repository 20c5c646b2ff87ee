package io.lcbridge.servlet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte and char fast paths are one text: between their "fast path: begin" and "fast path: end" lines,
 * {@link ByteInjector} and {@link CharInjector} differ only in the buffer type ({@code byte[]} / {@code char[]}), so a
 * fix to one that is not made to the other fails here instead of drifting apart (as the two fast paths once did).
 */
final class FastPathTwinsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/lcbridge/servlet");

    @Test
    void byteAndCharFastPathsAreTheSameTextButForTheBufferType() throws IOException {
        String bytes = fastPath("ByteInjector.java").replace("byte[]", "T[]");
        String chars = fastPath("CharInjector.java").replace("char[]", "T[]");
        assertThat(bytes).contains("int skipOrdinaryTags(int from, int to, int endTagMask)", "exactAttributes");
        assertThat(chars).isEqualTo(bytes);
    }

    /** The lines strictly between the markers, without the begin line's own wording (it names the other class). */
    private static String fastPath(String file) throws IOException {
        String source = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
        int begin = source.indexOf("// ---- fast path: begin.");
        int end = source.indexOf("// ---- fast path: end ----");
        assertThat(begin).as(file + " marks where its fast path begins").isPositive();
        assertThat(end).as(file + " marks where its fast path ends").isGreaterThan(begin);
        return source.substring(source.indexOf('\n', begin) + 1, end);
    }
}
