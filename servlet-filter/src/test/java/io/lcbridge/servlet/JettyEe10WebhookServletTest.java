package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;

/** The webhook servlet on Jetty 12.1, Jakarta EE 10 (Servlet 6.0). */
final class JettyEe10WebhookServletTest extends WebhookServletContract {

    private Server server;

    @Override
    URI start(HttpServlet servlet) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), "/livechat/webhooks");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @Override
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
