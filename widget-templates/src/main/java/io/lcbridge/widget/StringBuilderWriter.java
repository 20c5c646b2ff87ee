package io.lcbridge.widget;

import java.io.Writer;

/** An unsynchronized {@link Writer} into a {@link StringBuilder} (StringWriter synchronizes every call). */
final class StringBuilderWriter extends Writer {

    private final StringBuilder builder;

    StringBuilderWriter(int capacity) {
        this.builder = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
        builder.append((char) c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        builder.append(cbuf, off, len);
    }

    @Override
    public void write(String str) {
        builder.append(str);
    }

    @Override
    public void write(String str, int off, int len) {
        builder.append(str, off, off + len);
    }

    @Override
    public Writer append(CharSequence csq) {
        builder.append(csq);
        return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
        return builder.toString();
    }
}
