package io.lcbridge.demo;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** README snippets taken from examples must stay word for word what the examples compile and run. */
final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    /** The README's fenced blocks in {@code language} that mention {@code marker}. */
    static List<String> blocksMentioning(String language, String marker) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("..", "..", "README.md")));
        List<String> blocks = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                blocks.add(m.group(1));
            }
        }
        return blocks;
    }

    /** Lines stripped of indentation and blank lines dropped, so re-indenting in the README is fine. */
    static String normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
