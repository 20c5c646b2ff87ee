package io.lcbridge.examples.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.PrintWriter;

/** The app's page. It knows nothing about LiveChat: the filter adds the widget before {@code </body>}. */
final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/".equals(request.getServletPath()) || request.getPathInfo() != null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(SessionUserResolver.SESSION_USER);
        String body = user instanceof ExampleUsers.User u
                ? "<p>Signed in as " + u.username() + " (plan " + u.plan() + ").</p>"
                        + "<form method=\"post\" action=\"/logout\"><button type=\"submit\">Log out</button></form>"
                : "<p>Not signed in. <a href=\"/login\">Log in</a></p>";
        page(
                response,
                "Home",
                body + "<p>View the page source: the LiveChat snippet before &lt;/body&gt; carries the "
                        + "signed-in user's name, email, plan and signed identity token.</p>");
    }

    static void page(HttpServletResponse response, String title, String body) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " · lcbridge on Jetty</title></head>\n<body>\n<h1>" + title + "</h1>\n" + body
                + "\n</body>\n</html>\n");
    }
}
