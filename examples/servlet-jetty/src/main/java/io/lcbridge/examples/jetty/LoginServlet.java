package io.lcbridge.examples.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** A minimal form login: the user goes into the server-side session (a new one, against fixation). */
final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageServlet.page(response, "Log in", """
                <form method="post" action="/login">
                  <label>Username <input name="username" id="username"></label>
                  <label>Password <input name="password" id="password" type="password"></label>
                  <button type="submit">Log in</button>
                </form>
                <p>alice / alice (plan enterprise) or bob / bob (plan free)</p>
                """);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExampleUsers.User user =
                ExampleUsers.authenticate(request.getParameter("username"), request.getParameter("password"));
        if (user == null) {
            response.sendRedirect("/login?error");
            return;
        }
        if (request.getSession(false) != null) {
            request.getSession().invalidate();
        }
        request.getSession(true).setAttribute(SessionUserResolver.SESSION_USER, user);
        response.sendRedirect("/");
    }
}
