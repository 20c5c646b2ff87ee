package io.lcbridge.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.util.List;

import static io.lcbridge.servlet.StreamingInjectorTest.S;
import static io.lcbridge.servlet.StreamingInjectorTest.assertEverySplit;

/**
 * One test per construct where a scanner that tokenizes differently from the WHATWG parser would inject where a
 * browser does not run the snippet (or hands it to an attacker's form): where the snippet goes, or that the page is
 * left unchanged, whatever the write split, on the byte and the char path.
 */
final class TokenizerDesyncTest {

    static final List<DesyncPages.Page> PAGES = DesyncPages.PAGES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("PAGES")
    void injectsOnlyWhereABrowserSeesTheRealEndTag(DesyncPages.Page page) throws IOException {
        assertEverySplit(page.input(), page.expected(S), page.point());
    }
}
