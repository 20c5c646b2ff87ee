package io.lcbridge.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;

/** The stream the application gets from {@code getOutputStream()}: bytes go through the response's injector. */
final class InjectingOutputStream extends ServletOutputStream {

    private final ServletOutputStream real;
    private final InjectingResponse response;
    private final byte[] one = new byte[1];

    InjectingOutputStream(ServletOutputStream real, InjectingResponse response) {
        this.real = real;
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ByteInjector injector = response.byteInjector();
        if (injector != null && response.scanning()) {
            response.scanBytes(b, off, len, real);
        } else {
            real.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        response.flushPrescan(real); // bytes held for the charset prescan go out
        real.flush(); // held bytes (a partial marker) stay held
    }

    @Override
    public void close() throws IOException {
        response.finish();
        real.close();
    }

    @Override
    public boolean isReady() {
        return real.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        try {
            response.setWriteListener(real, listener);
        } catch (IOException e) {
            throw new IllegalStateException("could not release buffered bytes before non-blocking output", e);
        }
    }
}
