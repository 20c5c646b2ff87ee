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

    private ReadmeSnippets() {}

    /**
     * The README's fenced blocks in {@code language} whose introducing text (the few lines before the fence) names
     * {@code source}, e.g. "The demo's `DemoLiveChatConfig` uses one:". Other sections' snippets are not ours to check.
     */
    static List<String> blocksFrom(String language, String source) throws IOException {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        List<String> blocks = new java.util.ArrayList<>();
        while (m.find()) {
            String before = readme.substring(Math.max(0, m.start() - 300), m.start());
            if (before.contains(source)) {
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
