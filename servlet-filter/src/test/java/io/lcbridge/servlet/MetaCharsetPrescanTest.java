package io.lcbridge.servlet;

import io.lcbridge.servlet.MetaCharsetPrescan.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The WHATWG prescan of a page's first bytes, and what its verdict means for injecting an ASCII snippet. */
final class MetaCharsetPrescanTest {

    private static String label(String html) {
        byte[] b = html.getBytes(StandardCharsets.ISO_8859_1);
        return MetaCharsetPrescan.prescan(b, b.length);
    }

    private static Verdict whole(byte[] b) {
        MetaCharsetPrescan p = new MetaCharsetPrescan();
        p.feed(b, 0, b.length);
        return p.end();
    }

    private static Verdict whole(String html) {
        return whole(html.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void findsTheCharsetOfAMetaElementInEitherForm() {
        assertThat(label("<!DOCTYPE html><html><head><meta charset=\"ISO-2022-JP\">"))
                .isEqualTo("iso-2022-jp");
        assertThat(label("<head><META CHARSET=shift_jis>")).isEqualTo("shift_jis");
        assertThat(label("<meta/charset='euc-jp'>")).isEqualTo("euc-jp");
        assertThat(label("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-2022-JP\">"))
                .isEqualTo("iso-2022-jp");
        assertThat(label("<meta content='text/html;charset = \"utf-16\"' http-equiv=content-type>"))
                .isEqualTo("utf-16");
    }

    @Test
    void ignoresWhatBrowsersIgnore() {
        assertThat(label("<meta content=\"text/html; charset=iso-2022-jp\">"))
                .as("content without http-equiv")
                .isNull();
        assertThat(label("<!-- <meta charset=iso-2022-jp> --><p>"))
                .as("in a comment")
                .isNull();
        assertThat(label("<a title=\"<meta charset=iso-2022-jp>\"><p>"))
                .as("in an attribute value")
                .isNull();
        assertThat(label("<?php <meta charset=iso-2022-jp> ?>"))
                .as("processing instruction up to its >")
                .isNull();
        assertThat(label("<metal charset=iso-2022-jp>")).as("not a meta tag").isNull();
    }

    @Test
    void aCommentEndsAtTheFirstDashDashGreaterThan() {
        assertThat(label("<!--><meta charset=iso-2022-jp>")).isEqualTo("iso-2022-jp");
        assertThat(label("<!-- --><meta charset=iso-2022-jp>")).isEqualTo("iso-2022-jp");
    }

    @Test
    void theFirstDeclarationWinsAndDuplicateAttributesAreIgnored() {
        assertThat(label("<meta charset=utf-8><meta charset=iso-2022-jp>")).isEqualTo("utf-8");
        assertThat(label("<meta charset=iso-2022-jp charset=utf-8>")).isEqualTo("iso-2022-jp");
    }

    @ParameterizedTest
    @CsvSource({
        "utf-8, ASCII_COMPATIBLE",
        "UTF8, ASCII_COMPATIBLE",
        "windows-1252, ASCII_COMPATIBLE",
        "latin1, ASCII_COMPATIBLE",
        "iso-8859-2, ASCII_COMPATIBLE",
        "utf-16, ASCII_COMPATIBLE", // a <meta> saying UTF-16 means UTF-8 to a browser
        "utf-16le, ASCII_COMPATIBLE",
        "iso-2022-jp, NOT_ASCII_COMPATIBLE",
        "csISO2022JP, NOT_ASCII_COMPATIBLE",
        "iso-2022-kr, NOT_ASCII_COMPATIBLE",
        "shift_jis, NOT_ASCII_COMPATIBLE",
        "utf-32, NOT_ASCII_COMPATIBLE",
        "hz-gb-2312, NOT_ASCII_COMPATIBLE",
        "no-such-charset, NOT_ASCII_COMPATIBLE"
    })
    void aDeclaredCharsetCountsOnlyWhenItIsKnownAsciiCompatible(String declared, Verdict verdict) {
        assertThat(whole("<html><head><meta charset=\"" + declared + "\"><title>t</title></head><body></body>"))
                .isEqualTo(verdict);
    }

    @Test
    void aPageWithoutADeclarationCountsAsAsciiCompatibleUnlessItLooksLikeIso2022OrUtf16() {
        assertThat(whole("<html><head><title>t</title></head><body>plain</body></html>"))
                .isEqualTo(Verdict.ASCII_COMPATIBLE);
        assertThat(whole("<html><body>\u001b$B$3$s$K$A$O\u001b(B</body></html>"))
                .isEqualTo(Verdict.NOT_ASCII_COMPATIBLE);
        assertThat(whole("<html><body></body></html>".getBytes(StandardCharsets.UTF_16LE)))
                .isEqualTo(Verdict.NOT_ASCII_COMPATIBLE);
    }

    @Test
    void aByteOrderMarkDecidesBeforeAnyDeclaration() {
        byte[] utf16 = "\uFEFF<html><meta charset=utf-8><body></body>".getBytes(StandardCharsets.UTF_16BE);
        assertThat(whole(utf16)).isEqualTo(Verdict.NOT_ASCII_COMPATIBLE);
        byte[] utf8 = "\uFEFF<html><meta charset=iso-2022-jp><body></body>".getBytes(StandardCharsets.UTF_8);
        assertThat(whole(utf8)).isEqualTo(Verdict.ASCII_COMPATIBLE);
    }

    @Test
    void onlyTheFirst1024BytesCount() {
        String late = "<html><head><!--" + "x".repeat(1100) + "--><meta charset=iso-2022-jp></head><body>";
        assertThat(whole(late)).isEqualTo(Verdict.ASCII_COMPATIBLE);
        String early = "<html><head><meta charset=iso-2022-jp><!--" + "x".repeat(1100) + "--></head><body>";
        assertThat(whole(early)).isEqualTo(Verdict.NOT_ASCII_COMPATIBLE);
    }

    @Test
    void decidesAsSoonAsADeclarationIsCompleteWhicheverWayTheBytesArrive() {
        byte[] page = "<html><head><meta http-equiv=content-type content='text/html; charset=iso-2022-jp'><title>"
                .getBytes(StandardCharsets.US_ASCII);
        MetaCharsetPrescan p = new MetaCharsetPrescan();
        int tagEnd = new String(page, StandardCharsets.US_ASCII).indexOf("'>") + 1;
        for (int i = 0; i < page.length; i++) {
            p.feed(page, i, 1);
            assertThat(p.verdict())
                    .as("after byte " + i)
                    .isEqualTo(i < tagEnd ? Verdict.PENDING : Verdict.NOT_ASCII_COMPATIBLE);
        }
    }

    @Test
    void keepsAtMostTheWindowAndSaysHowMuchItTook() {
        MetaCharsetPrescan p = new MetaCharsetPrescan();
        byte[] page = ("<html><body>" + "a".repeat(2000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(p.feed(page, 0, 1000)).isEqualTo(1000);
        assertThat(p.verdict()).isEqualTo(Verdict.PENDING);
        assertThat(p.feed(page, 1000, 1000)).isEqualTo(24);
        assertThat(p.verdict()).isEqualTo(Verdict.ASCII_COMPATIBLE);
        assertThat(p.length()).isEqualTo(MetaCharsetPrescan.WINDOW);
    }

    @Test
    void readsTheCharsetParameterOfAContentType() {
        assertThat(HeaderPolicy.headerCharset("text/html")).isNull();
        assertThat(HeaderPolicy.headerCharset(null)).isNull();
        assertThat(HeaderPolicy.headerCharset("text/html;charset=UTF-8")).isEqualTo("UTF-8");
        assertThat(HeaderPolicy.headerCharset("text/html; Charset=\"iso-2022-jp\""))
                .isEqualTo("iso-2022-jp");
        assertThat(HeaderPolicy.headerCharset("text/html; level=1; charset=utf-8"))
                .isEqualTo("utf-8");
    }

    @Test
    void remembersCharsetDecisionsInABoundedMap() {
        for (int i = 0; i < 500; i++) {
            assertThat(MetaCharsetPrescan.asciiCompatible("x-unknown-" + i)).isFalse();
        }
        assertThat(MetaCharsetPrescan.asciiCompatible("UTF-8")).isTrue();
        assertThat(MetaCharsetPrescan.asciiCompatible("ISO-2022-JP")).isFalse();
        assertThat(MetaCharsetPrescan.cachedDecisions()).isLessThanOrEqualTo(64);
    }
}
