package io.lcbridge.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.EnumSet;

/** A real Jetty 12.1 server with the ee11 (Servlet 6.1) environment. */
final class Ee11Container implements TestContainer {

    private final Server server = new Server();
    private final ServletContextHandler context = new ServletContextHandler("/app");
    private final ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    private ServerConnector connector;

    Ee11Container() {
        context.setErrorHandler(errors);
    }

    @Override
    public void filter(Filter filter, String pathSpec) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, pathSpec, EnumSet.allOf(DispatcherType.class));
    }

    @Override
    public void servlet(Servlet servlet, String pathSpec) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, pathSpec);
    }

    @Override
    public void errorPage(int status, String path) {
        errors.addErrorPage(status, path);
    }

    @Override
    public URI start() throws Exception {
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
