package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The web-application side the in-browser tests share: a shop where users sign in and out, a stand-in
 * {@code tracking.js} served from the test resources, the widget filter built once the server's port is known, and
 * the signed-in user as an application's own resolver would find it in the HTTP session.
 */
final class BrowserShop {

    private BrowserShop() {}

    /**
     * Signs in ({@code /login?user=}, in a fresh session), logs out ({@code /logout}, invalidating the session), serves
     * the stand-in {@code /tracking.js}, or else a plain page with {@code <p id="page">}.
     */
    static final class Shop extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String trackingScript;
        private final boolean noStorePages;

        /**
         * @param trackingScript the class-path resource served as {@code /tracking.js}
         * @param noStorePages whether the plain page says {@code Cache-Control: no-store}
         */
        Shop(String trackingScript, boolean noStorePages) {
            this.trackingScript = trackingScript;
            this.noStorePages = noStorePages;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            if (path.equals("/login")) {
                invalidate(req.getSession(false));
                req.getSession(true).setAttribute("user", req.getParameter("user"));
                resp.sendRedirect(req.getContextPath() + "/page");
            } else if (path.equals("/logout")) {
                invalidate(req.getSession(false));
                resp.sendRedirect(req.getContextPath() + "/page");
            } else if (path.equals("/tracking.js")) {
                serveScript(resp, trackingScript);
            } else {
                resp.setContentType("text/html;charset=UTF-8");
                if (noStorePages) {
                    resp.setHeader("Cache-Control", "no-store");
                }
                resp.getWriter()
                        .write("<!DOCTYPE html><html><head><title>shop</title></head>"
                                + "<body><p id=\"page\">shop</p></body></html>");
            }
        }

        private static void invalidate(HttpSession session) {
            if (session != null) {
                session.invalidate();
            }
        }
    }

    /** Answers with the class-path resource {@code resource} as JavaScript that no cache may store. */
    static void serveScript(HttpServletResponse resp, String resource) throws IOException {
        resp.setContentType("application/javascript;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        try (InputStream in = BrowserShop.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            resp.getOutputStream().write(in.readAllBytes());
        }
    }

    /** The widget filter, built once the server's port (and so the stand-in's URL) is known. */
    static final class LateFilter implements Filter {
        volatile Filter delegate;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            delegate.doFilter(request, response, chain);
        }
    }

    /**
     * Alice (name, email and the session variable {@code plan=gold}) when the HTTP session says she signed in; nobody
     * otherwise.
     */
    static Optional<CustomerIdentity> signedInAlice(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute("user");
        if (!"alice".equals(user)) {
            return Optional.empty();
        }
        return Optional.of(CustomerIdentity.builder("alice")
                .name("Alice Liddell")
                .email("alice@example.com")
                .variable("plan", "gold")
                .build());
    }
}
