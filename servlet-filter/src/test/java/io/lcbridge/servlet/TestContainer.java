package io.lcbridge.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

import java.net.URI;
import java.util.function.Supplier;

/** The two Jetty 12.1 environments the filter is tested on, behind one small interface. */
interface TestContainer extends AutoCloseable {

    void filter(Filter filter, String pathSpec);

    void servlet(Servlet servlet, String pathSpec);

    void errorPage(int status, String path);

    /** Starts on a free loopback port; returns the context's base URI. */
    URI start() throws Exception;

    /** Stops the server; unchecked, so a try-with-resources block need not handle an {@code InterruptedException}. */
    @Override
    void close();

    enum Env {
        EE10(Ee10Container::new),
        EE11(Ee11Container::new);

        private final Supplier<TestContainer> factory;

        Env(Supplier<TestContainer> factory) {
            this.factory = factory;
        }

        TestContainer create() {
            return factory.get();
        }
    }
}
