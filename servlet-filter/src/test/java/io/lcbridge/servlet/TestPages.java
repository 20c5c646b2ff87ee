package io.lcbridge.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.zip.GZIPOutputStream;

/** The application under the filter: one servlet whose last path segment picks how it writes its page. */
final class TestPages {

    static final String PAGE = "<!DOCTYPE html>\n<html><head><title>T</title></head>\n<body class=\"x\">\n"
            + "<!-- </body> in a comment -->\n<script>var s = '</body>';</script>\n<p>Hello</p>\n</body>\n</html>\n";
    static final String SNIPPET = "<script>/*livechat*/</script>";
    static final String IDENTITY_SNIPPET = "<script>/*livechat identity*/</script>";

    /** PAGE with the snippet where the filter must put it. */
    static String injected(String snippet) {
        int at = PAGE.lastIndexOf("</body>");
        return PAGE.substring(0, at) + snippet + PAGE.substring(at);
    }

    private TestPages() {}

    /** Stands in for the app's authentication: {@code ?user=name} logs the request in. */
    static final class LoginFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String user = request.getParameter("user");
            chain.doFilter(user == null ? request : asUser(request, user), response);
        }
    }

    /**
     * Stands in for a session login: {@code ?login=NAME} signs in by storing NAME in a new session (later requests of
     * that session are NAME); {@code ?user=NAME} is a session-less principal.
     */
    static final class SessionLoginFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String login = request.getParameter("login");
            if (login != null) {
                request.getSession(true).setAttribute("user", login);
            }
            HttpSession session = request.getSession(false);
            String user = session != null ? (String) session.getAttribute("user") : request.getParameter("user");
            chain.doFilter(user == null ? request : asUser(request, user), response);
        }
    }

    /** {@code request} as seen after the app's authentication signed {@code user} in. */
    static HttpServletRequest asUser(HttpServletRequest request, String user) {
        Principal principal = () -> user;
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }
        };
    }

    /** Writes an HTML error page (used for the ERROR dispatch). */
    static final class ErrorPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html");
            resp.getWriter().write("<html><body>error page</body></html>");
        }
    }

    static final class Fragment extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("<p>included</p>");
        }
    }

    static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String uri = req.getRequestURI();
            String page = uri.substring(uri.lastIndexOf('/') + 1);
            byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
            switch (page) {
                case "writer" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getWriter().write(PAGE);
                }
                case "writer-charwise" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    PrintWriter w = resp.getWriter();
                    for (int i = 0; i < PAGE.length(); i++) {
                        if (i % 2 == 0) {
                            w.write(PAGE.charAt(i));
                        } else {
                            w.print(PAGE.charAt(i));
                        }
                    }
                }
                case "writer-println" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    PrintWriter w = resp.getWriter();
                    w.print("<html><body>x</bo");
                    w.println("dy>");
                }
                case "stream" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getOutputStream().write(bytes);
                }
                case "stream-bytewise" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    ServletOutputStream out = resp.getOutputStream();
                    for (byte b : bytes) {
                        out.write(b);
                    }
                }
                case "stream-offset" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    byte[] padded = new byte[bytes.length + 10];
                    System.arraycopy(bytes, 0, padded, 5, bytes.length);
                    ServletOutputStream out = resp.getOutputStream();
                    for (int pos = 0; pos < bytes.length; pos += 7) {
                        out.write(padded, 5 + pos, Math.min(7, bytes.length - pos));
                    }
                }
                case "split-marker" -> {
                    resp.setContentType("text/html");
                    ServletOutputStream out = resp.getOutputStream();
                    out.write("<html><body>x</bo".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    out.write("dy></html>".getBytes(StandardCharsets.US_ASCII));
                }
                case "cl-setContentLength",
                        "cl-setContentLengthLong",
                        "cl-setHeader",
                        "cl-addHeader",
                        "cl-setIntHeader",
                        "cl-addIntHeader" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    contentLength(resp, page.substring(3), bytes.length);
                    if (req.getParameter("writer") != null) {
                        resp.getWriter().write(PAGE);
                    } else {
                        resp.getOutputStream().write(bytes);
                    }
                }
                case "cl-plain" -> {
                    resp.setContentType("text/plain");
                    resp.setContentLength(bytes.length);
                    resp.getOutputStream().write(bytes);
                }
                case "gzip" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.setHeader("Content-Encoding", "gzip");
                    resp.getOutputStream().write(gzip(bytes));
                }
                case "text-plain" -> {
                    resp.setContentType("text/plain;charset=UTF-8");
                    resp.getOutputStream().write(bytes);
                }
                case "no-type" -> resp.getOutputStream().write(bytes);
                case "late-type-plain" -> {
                    ServletOutputStream out = resp.getOutputStream();
                    out.write(bytes, 0, 20);
                    resp.setContentType("text/plain");
                    out.write(bytes, 20, bytes.length - 20);
                }
                case "null-then-html" -> {
                    resp.setContentType(null);
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getOutputStream().write(bytes);
                }
                case "no-content" -> {
                    resp.setContentType("text/html");
                    resp.setStatus(204);
                }
                case "not-modified" -> {
                    resp.setContentType("text/html");
                    resp.setStatus(304);
                }
                case "status-404" -> {
                    resp.setStatus(404);
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getWriter().write(PAGE);
                }
                case "send-error" -> {
                    resp.setContentType("text/html");
                    resp.getWriter().write("<html><body>partial</bo");
                    resp.sendError(500);
                }
                case "redirect" -> {
                    resp.setContentType("text/html");
                    resp.getWriter().write("<html><body>x</bo");
                    resp.sendRedirect(req.getContextPath() + "/p/writer");
                }
                case "redirect-keep", "redirect-clear" -> {
                    resp.setContentType("text/html");
                    resp.getOutputStream().write("<html><body>x</bo".getBytes(StandardCharsets.US_ASCII));
                    resp.sendRedirect(req.getContextPath() + "/p/writer", 302, page.equals("redirect-clear"));
                }
                case "reset" -> {
                    resp.setContentType("text/html");
                    resp.setHeader("X-Junk", "1");
                    resp.getOutputStream().write("<html><body>junk</bo".getBytes(StandardCharsets.US_ASCII));
                    resp.reset();
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getWriter().write(PAGE); // Servlet 6: reset() clears the stream/writer choice
                }
                case "reset-buffer" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.setHeader("X-Kept", "1");
                    ServletOutputStream out = resp.getOutputStream();
                    out.write("<html><body>junk</body".getBytes(StandardCharsets.US_ASCII));
                    resp.resetBuffer();
                    out.write(bytes);
                }
                case "async", "async-partial" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    AsyncContext async = req.startAsync();
                    String body = page.equals("async") ? PAGE : "<html><body>x</bod";
                    async.start(() -> {
                        try {
                            PrintWriter w = resp.getWriter();
                            for (int i = 0; i < body.length(); i += 5) {
                                w.write(body, i, Math.min(5, body.length() - i));
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        } finally {
                            async.complete(); // never closes the writer
                        }
                    });
                }
                case "no-close-partial" -> {
                    resp.setContentType("text/html");
                    resp.getOutputStream().write("<html><body>x</bo".getBytes(StandardCharsets.US_ASCII));
                }
                case "flush-early" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    PrintWriter w = resp.getWriter();
                    w.write(PAGE, 0, 20);
                    resp.flushBuffer();
                    w.write(PAGE, 20, PAGE.length() - 20);
                }
                case "cache" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.setHeader("Cache-Control", "public, max-age=60");
                    resp.setHeader("ETag", "\"abc\"");
                    resp.setHeader("Vary", "Accept-Encoding");
                    resp.getWriter().write(PAGE);
                }
                case "cache-weak" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.setHeader("ETag", "W/\"abc\"");
                    resp.getWriter().write(PAGE);
                }
                case "cache-nostore" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.setHeader("Cache-Control", "no-store");
                    resp.getWriter().write(PAGE);
                }
                case "manual" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    PrintWriter w = resp.getWriter();
                    w.write("<html><head>" + LiveChatSnippets.html(req) + "</head><body><p>hi</p></body></html>");
                }
                case "manual-attribute" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    PrintWriter w = resp.getWriter();
                    w.write("<html><body><p>hi</p>");
                    w.write(String.valueOf(req.getAttribute(LiveChatSnippets.ATTRIBUTE)));
                    w.write("</body></html>");
                }
                case "fragment" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getWriter().write("<div id=\"frag\"><p>partial</p></div></body>");
                }
                case "forward" -> req.getRequestDispatcher("/p/writer").forward(req, resp);
                case "include" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getWriter().write("<html><body>");
                    req.getRequestDispatcher("/fragment").include(req, resp);
                    resp.getWriter().write("</body></html>");
                }
                case "write-listener" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    AsyncContext async = req.startAsync();
                    ServletOutputStream out = resp.getOutputStream();
                    out.setWriteListener(new WriteListener() {
                        private boolean written;

                        @Override
                        public void onWritePossible() throws IOException {
                            if (!written && out.isReady()) {
                                written = true;
                                out.write(bytes);
                            }
                            if (written && out.isReady()) {
                                async.complete();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            async.complete();
                        }
                    });
                }
                case "utf8" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getWriter().write("<html><body>Zażółć gęślą jaźń 喝点咖啡</body></html>");
                }
                case "latin1" -> {
                    resp.setContentType("text/html;charset=ISO-8859-1");
                    resp.getOutputStream()
                            .write("<html><body>café crème</body></html>".getBytes(StandardCharsets.ISO_8859_1));
                }
                case "windows1252" -> {
                    resp.setContentType("text/html;charset=windows-1252");
                    resp.getWriter().write("<html><body>naïve €</body></html>");
                }
                case "utf16" -> {
                    resp.setContentType("text/html;charset=UTF-16");
                    resp.getWriter().write(PAGE);
                }
                default -> resp.sendError(404);
            }
        }

        private static void contentLength(HttpServletResponse resp, String way, int length) {
            switch (way) {
                case "setContentLength" -> resp.setContentLength(length);
                case "setContentLengthLong" -> resp.setContentLengthLong(length);
                case "setHeader" -> resp.setHeader("Content-Length", Integer.toString(length));
                case "addHeader" -> resp.addHeader("content-length", Integer.toString(length));
                case "setIntHeader" -> resp.setIntHeader("Content-Length", length);
                case "addIntHeader" -> resp.addIntHeader("Content-Length", length);
                default -> throw new IllegalArgumentException(way);
            }
        }

        static byte[] gzip(byte[] bytes) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        }
    }
}
