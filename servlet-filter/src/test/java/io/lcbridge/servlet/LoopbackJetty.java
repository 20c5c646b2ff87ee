package io.lcbridge.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Jetty 12 (EE11) server on a free loopback port for servlet tests, counting the requests it answers. One web
 * application at {@code /} without sessions ({@link #LoopbackJetty()}), or at a context path with real HTTP sessions
 * ({@link #withSessions(String)}) for the tests that sign users in.
 */
final class LoopbackJetty implements AutoCloseable {

    private final Server server = new Server();
    private final ServletContextHandler context;
    private final ServerConnector connector = new ServerConnector(server);
    final AtomicInteger requests = new AtomicInteger();

    LoopbackJetty() {
        this("/", ServletContextHandler.NO_SESSIONS);
    }

    /** A server whose application is at {@code contextPath} (e.g. {@code /app}) with HTTP sessions. */
    static LoopbackJetty withSessions(String contextPath) {
        return new LoopbackJetty(contextPath, ServletContextHandler.SESSIONS);
    }

    /** A server whose application is at {@code contextPath} (e.g. {@code /app}), without sessions. */
    static LoopbackJetty at(String contextPath) {
        return new LoopbackJetty(contextPath, ServletContextHandler.NO_SESSIONS);
    }

    private LoopbackJetty(String contextPath, int options) {
        context = new ServletContextHandler(options);
        context.setContextPath(contextPath);
        Filter counting = (request, response, chain) -> {
            requests.incrementAndGet();
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(counting), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
    }

    LoopbackJetty servlet(Servlet servlet, String pathSpec) {
        context.addServlet(new ServletHolder(servlet), pathSpec);
        return this;
    }

    LoopbackJetty servlet(ServletHolder holder, String pathSpec) {
        context.addServlet(holder, pathSpec);
        return this;
    }

    LoopbackJetty filter(Filter filter, String pathSpec) {
        return filter(new FilterHolder(filter), pathSpec);
    }

    LoopbackJetty filter(FilterHolder holder, String pathSpec) {
        context.addFilter(holder, pathSpec, EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        return this;
    }

    /** The web application's context (attributes shared by its filters and servlets). */
    jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    /** Starts the server; returns its base URI ({@code http://127.0.0.1:port/}). */
    URI start() throws Exception {
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    /** The port it listens on, once started. */
    int port() {
        return connector.getLocalPort();
    }

    /** The application's base URL, once started: {@code http://127.0.0.1:port} and the context path, no final slash. */
    String baseUrl() {
        String path = context.getContextPath();
        return "http://127.0.0.1:" + port() + (path.equals("/") ? "" : path);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
