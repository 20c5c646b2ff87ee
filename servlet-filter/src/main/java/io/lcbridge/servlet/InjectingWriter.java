package io.lcbridge.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** The scanning Writer under the PrintWriter the application gets from {@code getWriter()}. */
final class InjectingWriter extends Writer {

    private final PrintWriter real;
    private final InjectingResponse response;
    private final char[] one = new char[1];

    InjectingWriter(PrintWriter real, InjectingResponse response) {
        this.real = real;
        this.response = response;
    }

    @Override
    public void write(int c) throws IOException {
        one[0] = (char) c;
        write(one, 0, 1);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        CharInjector injector = response.charInjector();
        if (injector != null && response.scanning()) {
            injector.write(cbuf, off, len, real);
        } else {
            real.write(cbuf, off, len);
        }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        CharInjector injector = response.charInjector();
        if (injector != null && response.scanning()) {
            injector.write(str, off, len, real);
        } else {
            real.write(str, off, len);
        }
    }

    @Override
    public void flush() {
        real.flush(); // held chars (a partial marker) stay held
    }

    @Override
    public void close() throws IOException {
        response.finish();
        real.close();
    }
}
