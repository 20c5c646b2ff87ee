package io.lcbridge.servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner and both injectors, without a container: where the snippet goes, and that the result never depends on
 * how the page was split into writes (every split point, byte by byte, offsets &gt; 0).
 */
final class StreamingInjectorTest {

    static final String S = "[[LC]]";

    static Stream<Arguments> bodyCases() {
        return Stream.of(
                Arguments.of(
                        "plain page",
                        "<html><body><p>hi</p></body></html>",
                        "<html><body><p>hi</p>" + S + "</body></html>"),
                Arguments.of("upper case", "<HTML><BODY>x</BODY></HTML>", "<HTML><BODY>x" + S + "</BODY></HTML>"),
                Arguments.of("space before >", "<body>x</body >", "<body>x" + S + "</body >"),
                Arguments.of("newline before >", "<body>x</BODY\n>", "<body>x" + S + "</BODY\n>"),
                Arguments.of("slash", "<body>x</body/>", "<body>x" + S + "</body/>"),
                Arguments.of(
                        "body with attributes",
                        "<body class=\"a\" data-x='b'>x</body>",
                        "<body class=\"a\" data-x='b'>x" + S + "</body>"),
                Arguments.of("only first of two", "<body>a</body>b</body>", "<body>a" + S + "</body>b</body>"),
                Arguments.of("comment", "<body><!-- </body> -->x</body>", "<body><!-- </body> -->x" + S + "</body>"),
                Arguments.of(
                        "comment with dashes",
                        "<body><!-- a -- </body> --->x</body>",
                        "<body><!-- a -- </body> --->x" + S + "</body>"),
                Arguments.of("empty comment <!-->", "<body><!-->x</body>", "<body><!-->x" + S + "</body>"),
                Arguments.of("empty comment <!--->", "<body><!--->x</body>", "<body><!--->x" + S + "</body>"),
                Arguments.of(
                        "script",
                        "<body><script>var s = \"</body>\";</script>x</body>",
                        "<body><script>var s = \"</body>\";</script>x" + S + "</body>"),
                Arguments.of(
                        "script end tag with space",
                        "<body><script>a</script >b</body>",
                        "<body><script>a</script >b" + S + "</body>"),
                Arguments.of(
                        "script with < inside",
                        "<body><script>if (a<b && c</d) x='</scr'+'ipt>';</script></body>",
                        "<body><script>if (a<b && c</d) x='</scr'+'ipt>';</script>" + S + "</body>"),
                Arguments.of(
                        "script upper case end",
                        "<body><SCRIPT type=x></body></ScRiPt></body>",
                        "<body><SCRIPT type=x></body></ScRiPt>" + S + "</body>"),
                Arguments.of(
                        "style",
                        "<body><style>a::after{content:'</body>'}</style></body>",
                        "<body><style>a::after{content:'</body>'}</style>" + S + "</body>"),
                Arguments.of(
                        "textarea",
                        "<body><textarea></body></textarea></body>",
                        "<body><textarea></body></textarea>" + S + "</body>"),
                Arguments.of(
                        "title",
                        "<head><title></body></title></head><body></body>",
                        "<head><title></body></title></head><body>" + S + "</body>"),
                Arguments.of(
                        "cdata",
                        "<body><svg><![CDATA[ </body> ]]></svg></body>",
                        "<body><svg><![CDATA[ </body> ]]></svg>" + S + "</body>"),
                Arguments.of(
                        "attribute value",
                        "<body><a title=\"</body>\" data-x='</body>'>x</a></body>",
                        "<body><a title=\"</body>\" data-x='</body>'>x</a>" + S + "</body>"),
                Arguments.of(
                        "attribute value with >",
                        "<body><a title=\"a>b</body>\">x</a></body>",
                        "<body><a title=\"a>b</body>\">x</a>" + S + "</body>"),
                Arguments.of("double <", "<body>a <</body>", "<body>a <" + S + "</body>"),
                Arguments.of(
                        "doctype and pi",
                        "<!DOCTYPE html><?xml x?><html><body>x</body>",
                        "<!DOCTYPE html><?xml x?><html><body>x" + S + "</body>"),
                Arguments.of("bogus comment", "<body><! </body> >x</body>", "<body><! </body> >x" + S + "</body>"),
                Arguments.of("utf-8 text", "<body>Zażółć 喝点咖啡 </body>", "<body>Zażółć 喝点咖啡 " + S + "</body>"),
                Arguments.of(
                        "after head",
                        "<html><head><title>t</title></head><body>x</body></html>",
                        "<html><head><title>t</title></head><body>x" + S + "</body></html>"));
    }

    static Stream<Arguments> untouchedCases() {
        return Stream.of(
                Arguments.of("fragment", "<div>hi</div></body>"),
                Arguments.of("no end tag", "<html><body><p>hi</p>"),
                Arguments.of("body only in comment", "<!-- <body> --></body>"),
                Arguments.of("body only in script", "<script>'<body>'</script></body>"),
                Arguments.of("bodyx is not body", "<bodyx></body>"),
                Arguments.of("end tag bodyx", "<body></bodyx></bodies></bod>"),
                Arguments.of("unterminated comment", "<body><!-- </body>"),
                Arguments.of("unterminated script", "<body><script></body>"),
                Arguments.of("truncated marker", "<body>x</bod"),
                Arguments.of("empty", ""),
                Arguments.of("just <", "<body><"),
                Arguments.of("header is not head", "<header></header>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyCases")
    void injectsBeforeTheFirstRealBodyEndTagWhateverTheWriteSplit(String name, String page, String expected)
            throws IOException {
        assertEverySplit(page, expected, InjectionPoint.BEFORE_BODY_END);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untouchedCases")
    void leavesPagesWithoutARealBodyEndTagByteIdentical(String name, String page) throws IOException {
        assertEverySplit(page, page, InjectionPoint.BEFORE_BODY_END);
    }

    @Test
    void injectsBeforeHeadEndWhenAsked() throws IOException {
        assertEverySplit(
                "<html><head><meta charset=utf-8></HEAD ><body></body>",
                "<html><head><meta charset=utf-8>" + S + "</HEAD ><body></body>",
                InjectionPoint.BEFORE_HEAD_END);
    }

    @Test
    void fallsBackToBodyEndWhenThePageOmitsHeadEnd() throws IOException {
        assertEverySplit(
                "<html><head><title>t</title><body>x</body>",
                "<html><head><title>t</title><body>x" + S + "</body>",
                InjectionPoint.BEFORE_HEAD_END);
    }

    @Test
    void headEndTagInsideScriptOrCommentIsNotTheMarker() throws IOException {
        assertEverySplit(
                "<head><script>'</head>'</script><!--</head>--></head>",
                "<head><script>'</head>'</script><!--</head>-->" + S + "</head>",
                InjectionPoint.BEFORE_HEAD_END);
    }

    @Test
    void headerElementDoesNotArmHeadInjection() throws IOException {
        assertEverySplit("<header></head>", "<header></head>", InjectionPoint.BEFORE_HEAD_END);
    }

    @Test
    void randomPagesComeOutAsTheInputPlusAtMostOneSnippetWhateverTheSplit() throws IOException {
        String[] tokens = {
            "<body>",
            "</body>",
            "</BODY >",
            "<head>",
            "</head>",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "<style>",
            "</style>",
            "<![CDATA[",
            "]]>",
            "<",
            ">",
            "</",
            "\"",
            "'",
            "=",
            " ",
            "-",
            "]",
            "a",
            "é",
            "喝",
            "<a href=\"",
            "<div x='",
            "</bo",
            "dy>",
            "<!",
            "<?",
            "/",
            // tokenizer and tree-builder states (security review, issue 12 finding 2)
            "<svg>",
            "</svg>",
            "<svg/>",
            "<math>",
            "</math>",
            "<p>",
            "<title>",
            "</title>",
            "<textarea>",
            "</textarea>",
            "<template>",
            "</template>",
            "<select>",
            "</select>",
            "--!>",
            "<!-->",
            "!",
            "<script><!--",
            "<!--<script>",
            "<a title=a ",
            "=\"",
            "x=",
            "<g>",
            "</g>"
        };
        tokens = Stream.concat(Stream.of(tokens), DesyncPages.PAGES.stream().map(DesyncPages.Page::input))
                .toArray(String[]::new);
        Random random = new Random(4242);
        for (int round = 0; round < 3000; round++) {
            StringBuilder page = new StringBuilder();
            int n = random.nextInt(30);
            for (int k = 0; k < n; k++) {
                page.append(tokens[random.nextInt(tokens.length)]);
            }
            String input = page.toString();
            String whole = runBytes(input, InjectionPoint.BEFORE_BODY_END, new int[] {Integer.MAX_VALUE}, 0);
            assertThat(whole.replace(S, "")).as(input).isEqualTo(input);
            assertThat(count(whole, S)).as(input).isLessThanOrEqualTo(1);
            int[] chunks = randomChunks(random);
            assertThat(runBytes(input, InjectionPoint.BEFORE_BODY_END, chunks, random.nextInt(5)))
                    .as(input)
                    .isEqualTo(whole);
            assertThat(runChars(input, InjectionPoint.BEFORE_BODY_END, chunks, true))
                    .as(input)
                    .isEqualTo(whole);
            assertThat(runChars(input, InjectionPoint.BEFORE_BODY_END, chunks, false))
                    .as(input)
                    .isEqualTo(whole);
        }
    }

    /**
     * Tag-heavy random pages (names that do and do not matter, quotes inside names and around '=', unquoted values,
     * {@code >} and fake markers inside values): a page written in one piece (the fast path skips whole tags) comes
     * out exactly as the same page written byte by byte or char by char (every tag goes through the state machine).
     */
    @Test
    void skippingWholeTagsDecidesExactlyAsTheByteByByteStateMachine() throws IOException {
        String[] names = {
            "a",
            "b",
            "p",
            "td",
            "tr",
            "span",
            "div",
            "table",
            "strong",
            "time",
            "header",
            "bodyx",
            "bo",
            "body",
            "BODY",
            "head",
            "script",
            "STYLE",
            "textarea",
            "title",
            "noscript",
            "nav",
            "plaintext",
            "plaintexz",
            "img",
            "a=",
            "a\"",
            "a='",
            "b\"x",
            "é",
            "bé",
            "x<y",
            "sc",
            "st",
            "svg",
            "math",
            "template",
            "TEMPLATE",
            "select",
            "section",
            "frameset",
            "sv",
            "ma",
            "se",
            "te",
            "g",
            "p",
            "foreignObject"
        };
        String[] inside = {
            " ",
            "\n",
            "\t",
            "=",
            " = ",
            "\"",
            "'",
            "x",
            "class",
            ">",
            "</body>",
            "/",
            "<",
            "\"a>b\"",
            "'</body>'",
            "=\"",
            "='",
            "é",
            "喝",
            "a=b\"",
            " =\"",
            "=a'",
            "x=y=\"",
            "/ ",
            "/"
        };
        String[] between = {
            "text",
            " ",
            "</body>",
            "</bo",
            "<",
            "<!-- </body> -->",
            "-->",
            "</",
            "<!",
            "é",
            "\"",
            "'",
            "</script>",
            "</style>",
            "</title>",
            "<body>",
            "<![CDATA[ > ]]>",
            "<!-- --!>",
            "</template>",
            "</svg>",
            "</select>",
            "<script><!--<script>",
            "-->",
            "</script>"
        };
        Random random = new Random(20261124);
        for (int round = 0; round < 4000; round++) {
            StringBuilder page = new StringBuilder(round % 3 == 0 ? "<body>" : "");
            int tags = random.nextInt(12);
            for (int t = 0; t < tags; t++) {
                page.append(between[random.nextInt(between.length)]);
                page.append(random.nextInt(4) == 0 ? "</" : "<").append(names[random.nextInt(names.length)]);
                int parts = random.nextInt(6);
                for (int k = 0; k < parts; k++) {
                    page.append(inside[random.nextInt(inside.length)]);
                }
                if (random.nextInt(8) != 0) {
                    page.append('>');
                }
            }
            page.append(between[random.nextInt(between.length)]);
            String input = page.toString();
            for (InjectionPoint point : InjectionPoint.values()) {
                String whole = runBytes(input, point, new int[] {Integer.MAX_VALUE}, 3);
                assertThat(whole.replace(S, "")).as(input).isEqualTo(input);
                assertThat(runBytes(input, point, new int[] {1}, 0))
                        .as("byte by byte: " + input)
                        .isEqualTo(whole);
                assertThat(runChars(input, point, new int[] {Integer.MAX_VALUE}, true))
                        .as("chars: " + input)
                        .isEqualTo(whole);
                assertThat(runChars(input, point, new int[] {Integer.MAX_VALUE}, false))
                        .as("string: " + input)
                        .isEqualTo(whole);
                assertThat(runChars(input, point, new int[] {1}, true))
                        .as("char by char: " + input)
                        .isEqualTo(whole);
            }
        }
    }

    /**
     * The fast path's shortcuts (a {@code '<'} right after a tag, a {@code '>'} right after a value's closing quote, a
     * tag end within a few bytes of the name, the name's end searched only up to the first quote) against the state
     * machine, on tags built to hit them at and around write boundaries: quotes, {@code '='}, {@code '<'} and
     * {@code '>'} inside names and values, tags back to back, and on the char path non-ASCII chars whose low byte is
     * {@code '<'}, {@code '>'}, {@code '"'} or {@code '\''} (U+013C, U+013E, U+0122, U+0127). Whole writes, random
     * small writes and byte-by-byte / char-by-char writes must all agree.
     */
    @Test
    void fastPathShortcutsDecideExactlyAsTheStateMachineOnAdversarialTags() throws IOException {
        String[] names = {
            "a",
            "td",
            "span",
            "strong",
            "a\"",
            "a'",
            "a=",
            "a=\"",
            "td\"x",
            "x'y",
            "é",
            "\u013C",
            "a\u013E",
            "\u0122",
            "b\u0127",
            "body",
            "bo",
            "bod\u013Ey",
            "sc",
            "script",
            "svg",
            "template",
            "select",
            "se",
            "te",
            "ma"
        };
        String[] inside = {
            " ",
            "\n",
            "\f",
            "/",
            "=",
            " = ",
            "\"",
            "'",
            "\">",
            "'>",
            "=\"",
            "='",
            "=\"\"",
            "=''",
            "=\"v\"",
            "='v'",
            "=\"a>b\"",
            "='a\"b'",
            "=\"a'b\"",
            "=\"<\"",
            "x",
            "class",
            ">",
            "<",
            "</body>",
            "\u013C",
            "\u013E",
            "\u0122",
            "\u0127",
            "=\u0122v\u0122",
            "=\"\u0122\u0127\u013E\"",
            "é",
            "喝",
            " =\"",
            "=a\"",
            "x=\"",
            "a=b/",
            "=x='"
        };
        String[] between = {
            "",
            "",
            "",
            "text",
            "\u013C",
            "\u013E/body\u013E",
            "\u0122",
            "</body>",
            "</bo",
            "<",
            "</",
            "<!-- </body> -->",
            "é",
            "\n",
            "</template>",
            "</select>",
            "<svg>",
            "</svg>"
        };
        // the security review's desync pages, whole, as more material between tags
        between = Stream.concat(Stream.of(between), DesyncPages.PAGES.stream().map(DesyncPages.Page::input))
                .toArray(String[]::new);
        Random random = new Random(20261125);
        for (int round = 0; round < 3000; round++) {
            StringBuilder page = new StringBuilder(round % 4 == 0 ? "" : "<body>");
            int tags = random.nextInt(10);
            for (int t = 0; t < tags; t++) {
                page.append(between[random.nextInt(between.length)]);
                page.append(random.nextInt(4) == 0 ? "</" : "<").append(names[random.nextInt(names.length)]);
                int parts = random.nextInt(5);
                for (int k = 0; k < parts; k++) {
                    page.append(inside[random.nextInt(inside.length)]);
                }
                if (random.nextInt(6) != 0) {
                    page.append('>');
                }
            }
            page.append(between[random.nextInt(between.length)]).append("</body>");
            String input = page.toString();
            for (InjectionPoint point : InjectionPoint.values()) {
                String byByte = runBytes(input, point, new int[] {1}, 1);
                assertThat(byByte.replace(S, "")).as(input).isEqualTo(input);
                assertThat(runChars(input, point, new int[] {1}, true))
                        .as("char by char: " + input)
                        .isEqualTo(byByte);
                assertThat(runBytes(input, point, new int[] {Integer.MAX_VALUE}, 5))
                        .as("whole: " + input)
                        .isEqualTo(byByte);
                assertThat(runChars(input, point, new int[] {Integer.MAX_VALUE}, true))
                        .as("chars: " + input)
                        .isEqualTo(byByte);
                assertThat(runChars(input, point, new int[] {Integer.MAX_VALUE}, false))
                        .as("string: " + input)
                        .isEqualTo(byByte);
                int[] chunks = randomChunks(random);
                assertThat(runBytes(input, point, chunks, random.nextInt(9)))
                        .as("split bytes: " + input)
                        .isEqualTo(byByte);
                assertThat(runChars(input, point, chunks, true))
                        .as("split chars: " + input)
                        .isEqualTo(byByte);
                assertThat(runChars(input, point, chunks, false))
                        .as("split string: " + input)
                        .isEqualTo(byByte);
            }
        }
    }

    @Test
    void valuesClosedRightBeforeTheTagEndAndTagsBackToBackAtEverySplit() throws IOException {
        assertEverySplit(
                "<body><td class=\"n\"><a href='x' title=\"t\"></a></td><b>x</b></body>",
                "<body><td class=\"n\"><a href='x' title=\"t\"></a></td><b>x</b>" + S + "</body>",
                InjectionPoint.BEFORE_BODY_END);
        assertEverySplit(
                "<body><a b=\"1\"c='2'd=\"></body>\"></body>",
                "<body><a b=\"1\"c='2'd=\"></body>\">" + S + "</body>",
                InjectionPoint.BEFORE_BODY_END);
        // a quote within the first bytes after a short tag name (the byte path compares those one by one)
        for (String quote : new String[] {"'", "\""}) {
            for (String tag : new String[] {"<a b=", "<a\tb=", "<td b=", "<a b =", "<a b= ", "<ab c="}) {
                String open = "<body>" + tag + quote + "></body>" + quote + ">";
                assertEverySplit(open + "</body>", open + S + "</body>", InjectionPoint.BEFORE_BODY_END);
            }
        }
        assertEverySplit(
                "<body><td\"x y=\"></body>\"></body>",
                "<body><td\"x y=\"></body>\">" + S + "</body>",
                InjectionPoint.BEFORE_BODY_END); // name td"x, then a value
        assertEverySplit(
                "<body><a x=\u0122></body>\u0122></body><\u013C/body\u013E</body>",
                "<body><a x=\u0122>" + S + "</body>\u0122></body><\u013C/body\u013E</body>",
                InjectionPoint.BEFORE_BODY_END);
        assertEverySplit(
                "<head><a title=\"</head>\"><b c='\u0127'></head><body></body>",
                "<head><a title=\"</head>\"><b c='\u0127'>" + S + "</head><body></body>",
                InjectionPoint.BEFORE_HEAD_END);
    }

    /** Browsers never leave {@code <plaintext>}: a snippet after it would show as text, so the page passes unchanged. */
    @Test
    void nothingIsInjectedAfterAPlaintextStartTag() throws IOException {
        for (String page : new String[] {
            "<body><plaintext></plaintext></body>",
            "<body><PLAINTEXT x='>'>a</body>",
            "<html><head><plaintext></head><body></body>"
        }) {
            assertEverySplit(page, page, InjectionPoint.BEFORE_BODY_END);
            assertEverySplit(page, page, InjectionPoint.BEFORE_HEAD_END);
        }
        assertEverySplit(
                "<body><plaintextx></plaintextx></body>",
                "<body><plaintextx></plaintextx>" + S + "</body>",
                InjectionPoint.BEFORE_BODY_END);
    }

    @Test
    void quotesAndEqualsSignsInsideATagNameDoNotOpenAValue() throws IOException {
        // the name of "<a= ..." is "a=", of "<a=\"x" is "a=\"x": the quote after them opens no value, so the tag ends
        // at the first '>' and the </body> after it is the real one
        assertEverySplit(
                "<body><a= \"x></body>\">", "<body><a= \"x>" + S + "</body>\">", InjectionPoint.BEFORE_BODY_END);
        assertEverySplit("<body><a=\"x></body>\">", "<body><a=\"x>" + S + "</body>\">", InjectionPoint.BEFORE_BODY_END);
        assertEverySplit(
                "<body><strong=\"x></body>\">",
                "<body><strong=\"x>" + S + "</body>\">",
                InjectionPoint.BEFORE_BODY_END);
        assertEverySplit(
                "<body><td a= \"x></body>\"></body>",
                "<body><td a= \"x></body>\">" + S + "</body>",
                InjectionPoint.BEFORE_BODY_END);
    }

    /** Containers encode String ranges much faster than char[] ranges (Jetty 12 reads a char[] through a CharBuffer). */
    @Test
    void stringWritesGoOutAsStringRangesInFewCalls() throws IOException {
        StringBuilder big = new StringBuilder("<html><body>");
        while (big.length() < 5000) {
            big.append("<tr data-id=\"1\"><td class='n'>x</td></tr>\n");
        }
        String page = big.append("</body></html>").toString();
        List<String> calls = new ArrayList<>();
        StringWriter sink = new StringWriter();
        java.io.Writer recording = new java.io.Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                calls.add("chars");
                sink.write(c, off, len);
            }

            @Override
            public void write(String str, int off, int len) {
                calls.add("string");
                sink.write(str, off, len);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        CharInjector injector = new CharInjector(false, hooks());
        injector.write(page, 0, page.length(), recording);
        injector.finish(recording);
        int at = page.indexOf("</body>");
        assertThat(sink.toString()).isEqualTo(page.substring(0, at) + S + page.substring(at));
        assertThat(calls).containsExactly("string", "string", "string"); // page up to the marker, snippet, the rest
    }

    /**
     * The writer path scans a String in 1 KiB pieces but writes it out as ranges of the String: a marker, or the start
     * of one that turns out not to be, across the end of a piece is held and written once, in order.
     */
    @Test
    void stringWritesHoldPartialMarkersAcrossTheScanPieces() throws IOException {
        for (String tail : new String[] {"</body>", "</bodx></body>", "</b></body>", "<</body>", "</BODY\n>"}) {
            for (int start = 1024 - 9; start <= 1024 + 1; start++) {
                String page = "<body>" + "x".repeat(start - 6) + tail + "<p>after</p>" + "y".repeat(1100) + "</body>";
                String expected = runBytes(page, InjectionPoint.BEFORE_BODY_END, new int[] {1}, 0);
                assertThat(count(expected, S)).as(page).isEqualTo(1);
                assertThat(runChars(page, InjectionPoint.BEFORE_BODY_END, new int[] {Integer.MAX_VALUE}, false))
                        .as("one String, tail at " + start + ": " + tail)
                        .isEqualTo(expected);
                assertThat(runChars(page, InjectionPoint.BEFORE_BODY_END, new int[] {2000, Integer.MAX_VALUE}, false))
                        .as("two Strings, tail at " + start + ": " + tail)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void holdsBackOnlyThePartialMarker() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sink.write(b, off, len);
            }
        };
        ByteInjector injector = new ByteInjector(false, hooks());
        byte[] first = "<body><p>hello</p></bo".getBytes(StandardCharsets.US_ASCII);
        injector.write(first, 0, first.length, counting);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("<body><p>hello</p>");
        byte[] second = "dy>".getBytes(StandardCharsets.US_ASCII);
        injector.write(second, 0, second.length, counting);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("<body><p>hello</p>" + S + "</body>");
    }

    @Test
    void finishReleasesAHeldPartialMarker() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteInjector injector = new ByteInjector(false, hooks());
        byte[] page = "<body>x</bod".getBytes(StandardCharsets.US_ASCII);
        injector.write(page, 0, page.length, out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("<body>x");
        injector.finish(out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("<body>x</bod");
    }

    @Test
    void scanFailureGivesUpAndPassesTheRestThrough() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RuntimeException> failures = new ArrayList<>();
        InjectionHooks failing = new InjectionHooks() {
            @Override
            public boolean armed() {
                throw new IllegalStateException("boom");
            }

            @Override
            public Snippet snippetAtMarker() {
                return new Snippet(S, false);
            }

            @Override
            public void scanFailed(RuntimeException e) {
                failures.add(e);
            }
        };
        ByteInjector injector = new ByteInjector(false, failing);
        byte[] page = "<html><body>x</body></html>".getBytes(StandardCharsets.US_ASCII);
        injector.write(page, 0, page.length, out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("<html><body>x</body></html>");
        assertThat(failures).hasSize(1);
    }

    @Test
    void indexOfFindsEveryPositionAcrossWordBoundaries() {
        for (int len = 0; len < 40; len++) {
            for (int at = 0; at < len; at++) {
                byte[] a = new byte[len + 3];
                java.util.Arrays.fill(a, (byte) 'x');
                a[at + 3] = '<';
                assertThat(ByteInjector.indexOf(a, 3, len + 3, (byte) '<')).isEqualTo(at + 3);
                assertThat(ByteInjector.indexOf(a, at + 4, len + 3, (byte) '<')).isEqualTo(-1);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    static void assertEverySplit(String page, String expected, InjectionPoint point) throws IOException {
        assertThat(runBytes(page, point, new int[] {Integer.MAX_VALUE}, 0)).isEqualTo(expected);
        assertThat(runBytes(page, point, new int[] {1}, 2)).as("byte by byte").isEqualTo(expected);
        assertThat(runChars(page, point, new int[] {1}, true))
                .as("char by char")
                .isEqualTo(expected);
        int length = page.getBytes(StandardCharsets.UTF_8).length;
        for (int split = 0; split <= length; split++) {
            assertThat(runBytes(page, point, new int[] {split, Integer.MAX_VALUE}, 7))
                    .as("split at " + split)
                    .isEqualTo(expected);
        }
        for (int split = 0; split <= page.length(); split++) {
            assertThat(runChars(page, point, new int[] {split, Integer.MAX_VALUE}, true))
                    .as("char split at " + split)
                    .isEqualTo(expected);
            assertThat(runChars(page, point, new int[] {split, Integer.MAX_VALUE}, false))
                    .as("string split at " + split)
                    .isEqualTo(expected);
        }
    }

    static String runBytes(String page, InjectionPoint point, int[] chunks, int offset) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[bytes.length + offset];
        System.arraycopy(bytes, 0, padded, offset, bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteInjector injector = new ByteInjector(point == InjectionPoint.BEFORE_HEAD_END, hooks());
        int pos = 0;
        int c = 0;
        while (pos < bytes.length) {
            int size = (int) Math.min(chunks[Math.min(c++, chunks.length - 1)], (long) bytes.length - pos);
            injector.write(padded, offset + pos, size, out);
            pos += size;
        }
        injector.finish(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String runChars(String page, InjectionPoint point, int[] chunks, boolean asArray) throws IOException {
        StringWriter out = new StringWriter();
        CharInjector injector = new CharInjector(point == InjectionPoint.BEFORE_HEAD_END, hooks());
        char[] chars = page.toCharArray();
        int pos = 0;
        int c = 0;
        while (pos < chars.length) {
            int size = (int) Math.min(chunks[Math.min(c++, chunks.length - 1)], (long) chars.length - pos);
            if (asArray) {
                injector.write(chars, pos, size, out);
            } else {
                injector.write(page, pos, size, out);
            }
            pos += size;
        }
        injector.finish(out);
        return out.toString();
    }

    private static int[] randomChunks(Random random) {
        int[] chunks = new int[20];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = random.nextInt(9);
        }
        chunks[chunks.length - 1] = Integer.MAX_VALUE;
        return chunks;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static InjectionHooks hooks() {
        return new InjectionHooks() {
            private boolean used;

            @Override
            public boolean armed() {
                return true;
            }

            @Override
            public Snippet snippetAtMarker() {
                assertThat(used).as("asked for the snippet twice").isFalse();
                used = true;
                return new Snippet(S, false);
            }

            @Override
            public void scanFailed(RuntimeException e) {
                throw new AssertionError("scan failed", e);
            }
        };
    }
}
