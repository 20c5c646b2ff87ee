package io.lcbridge.servlet;

import jakarta.servlet.ServletOutputStream;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The stream or writer {@link InjectingResponse} hands the application, and the injector under it: a
 * {@link ByteInjector} behind {@code getOutputStream()}, a {@link CharInjector} behind {@code getWriter()}. Each new
 * container stream or writer gets a new injector; this class keeps the pairs, and finishes, discards or renews the
 * injectors when the response tells it to, so the wrapper itself only decides when.
 */
final class BodyOutputs {

    private final InjectingResponse response;
    private final FilterSettings settings;
    private final InjectionHooks hooks;

    private ServletOutputStream containerStream;
    private ByteInjector byteInjector;
    private InjectingOutputStream stream;
    private PrintWriter containerWriter;
    private CharInjector charInjector;
    private PrintWriter writer;

    BodyOutputs(InjectingResponse response, FilterSettings settings, InjectionHooks hooks) {
        this.response = response;
        this.settings = settings;
        this.hooks = hooks;
    }

    /** The stream path: bytes go through a {@link ByteInjector}; a new container stream gets a new injector. */
    ServletOutputStream stream(ServletOutputStream real) {
        if (stream == null || containerStream != real) {
            containerStream = real;
            byteInjector = new ByteInjector(settings.beforeHeadEnd(), hooks);
            stream = new InjectingOutputStream(real, response);
        }
        return stream;
    }

    /** The writer path: characters go through a {@link CharInjector}; a new container writer gets a new injector. */
    PrintWriter writer(PrintWriter real) {
        if (writer == null || containerWriter != real) {
            containerWriter = real;
            charInjector = new CharInjector(settings.beforeHeadEnd(), hooks);
            writer = new InjectingPrintWriter(new InjectingWriter(real, response), real);
        }
        return writer;
    }

    /** Whether the application asked for the stream. */
    boolean streamTaken() {
        return stream != null;
    }

    /** Whether the application asked for the writer. */
    boolean writerTaken() {
        return writer != null;
    }

    ByteInjector byteInjector() {
        return byteInjector;
    }

    CharInjector charInjector() {
        return charInjector;
    }

    /** The container's stream under the application's, or {@code null}. */
    ServletOutputStream containerStream() {
        return containerStream;
    }

    /** Whether the marker being written before is {@code </head>} (not {@code </body>}), as the active scanner saw it. */
    boolean markerEndsHead() {
        MarkupScanner scanner = byteInjector != null ? byteInjector : charInjector;
        return scanner != null && scanner.targetsHead();
    }

    /** Both injectors stop and write out what they hold, in order. */
    void finishInjectors() throws IOException {
        if (charInjector != null) {
            charInjector.finish(containerWriter);
        }
        if (byteInjector != null) {
            byteInjector.finish(containerStream);
        }
    }

    /** Both injectors drop what they hold. */
    void discardInjectors() {
        if (charInjector != null) {
            charInjector.discard();
        }
        if (byteInjector != null) {
            byteInjector.discard();
        }
    }

    /** {@code resetBuffer()}: each injector drops what it holds and starts over as a new one. */
    void renewInjectors() {
        if (byteInjector != null) {
            byteInjector.discard();
            byteInjector = new ByteInjector(settings.beforeHeadEnd(), hooks);
        }
        if (charInjector != null) {
            charInjector.discard();
            charInjector = new CharInjector(settings.beforeHeadEnd(), hooks);
        }
    }

    /** {@code reset()}: Servlet 6 clears the {@code getWriter()}/{@code getOutputStream()} choice too. */
    void forget() {
        stream = null;
        writer = null;
        containerStream = null;
        containerWriter = null;
        byteInjector = null;
        charInjector = null;
    }

    /** The writer the application gets: a plain PrintWriter over the scanning Writer, reporting container errors. */
    private static final class InjectingPrintWriter extends PrintWriter {
        private final PrintWriter container;

        InjectingPrintWriter(Writer scanning, PrintWriter container) {
            super(scanning, false);
            this.container = container;
        }

        @Override
        public boolean checkError() {
            return super.checkError() || container.checkError();
        }
    }
}
