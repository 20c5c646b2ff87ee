package io.lcbridge.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the auto-configured widget filter over a small HTML page, without a container. */
final class TestPages {

    static final String PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><p>content</p></body></html>";
    private static final Pattern TOKEN = Pattern.compile("\"lc_identity\":\"([A-Za-z0-9_\\-.]+)\"");

    private TestPages() {}

    /** A GET of {@code /page} by a user signed in with Spring Security as {@code username}. */
    static MockHttpServletRequest signedIn(String username) {
        MockHttpServletRequest request = anonymous("/page");
        request.setUserPrincipal(UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
        return request;
    }

    static MockHttpServletRequest anonymous(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        return request;
    }

    /** The page as served through the context's widget filter. */
    static String render(ApplicationContext context, MockHttpServletRequest request) throws Exception {
        Filter filter = context.getBean(LiveChatAutoConfiguration.FILTER_NAME, FilterRegistrationBean.class)
                .getFilter();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain(new PageServlet()));
        return response.getContentAsString();
    }

    static String token(String html) {
        Matcher matcher = TOKEN.matcher(html);
        assertThat(matcher.find()).as("identity token in %s", html).isTrue();
        return matcher.group(1);
    }

    static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write(PAGE);
        }
    }
}
