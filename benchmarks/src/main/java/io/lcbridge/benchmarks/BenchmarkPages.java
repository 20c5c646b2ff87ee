package io.lcbridge.benchmarks;

import java.nio.charset.StandardCharsets;

/** The 50 KB page every page benchmark uses: realistic markup (attributes, inline scripts, styles, comments). */
public final class BenchmarkPages {

    private BenchmarkPages() {}

    /** A UTF-8 HTML page of about {@code bytes} bytes, with its only real {@code </body>} near the end. */
    public static String page(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 512);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Orders · Acme</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/app.css?v=42\">\n")
                .append("<style>.row{display:flex}.row>a{color:#036}</style>\n")
                .append(
                        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>\n")
                .append(
                        "</head>\n<body class=\"app orders\">\n<header><nav><a href=\"/\">Home</a> <a href=\"/orders\">Orders</a></nav></header>\n")
                .append("<main>\n<table class=\"orders\">\n");
        int row = 0;
        while (sb.length() < bytes - 400) {
            sb.append("<tr data-id=\"")
                    .append(row)
                    .append("\"><td class=\"num\">#")
                    .append(10_000 + row)
                    .append("</td><td><a href=\"/orders/")
                    .append(row)
                    .append("?tab=details&amp;ref=list\" title=\"Order ")
                    .append(row)
                    .append("\">Zażółć gęślą jaźń – café crème</a></td><td>")
                    .append(row % 7 == 0 ? "<span class='badge warn'>late</span>" : "<span class='badge'>ok</span>")
                    .append("</td></tr>\n");
            if (row % 50 == 25) {
                sb.append("<!-- page break: </body> in a comment -->\n<script>var t='</body>';</script>\n");
            }
            row++;
        }
        sb.append("</table>\n</main>\n<footer><p>&copy; Acme</p></footer>\n");
        sb.append("<script src=\"/static/app.js\" defer></script>\n</body>\n</html>\n");
        return sb.toString();
    }

    public static byte[] pageBytes(int bytes) {
        return page(bytes).getBytes(StandardCharsets.UTF_8);
    }
}
