package io.lcbridge.benchmarks;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;

/**
 * A response whose headers cost what a container's cost: Jetty's own {@link HttpFields} (a list of fields, set and
 * add without parsing), where Spring's {@code MockHttpServletResponse} parses every {@code Set-Cookie} and
 * {@code Expires} it is given and so makes header work look several times dearer than on a server. The body goes to
 * {@link InjectionBenchmark}'s preallocated sinks.
 */
final class LeanSinkResponse implements HttpServletResponse {

    private final HttpFields.Mutable headers = HttpFields.build(16);
    private final ServletOutputStream stream;
    private final PrintWriter writer;
    private int status = 200;
    private String contentType;
    private String characterEncoding = "ISO-8859-1";
    private boolean committed;

    LeanSinkResponse(InjectionBenchmark.ByteSink bytes, InjectionBenchmark.CharSink chars) {
        this.stream = bytes.servletStream();
        this.writer = new PrintWriter(chars, false);
    }

    @Override
    public void addCookie(Cookie cookie) {
        headers.add("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.contains(name);
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void sendError(int sc, String msg) {
        sendError(sc);
    }

    @Override
    public void sendError(int sc) {
        status = sc;
        committed = true;
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) {
        status = sc;
        headers.put("Location", location);
        committed = true;
    }

    @Override
    public void setDateHeader(String name, long date) {
        headers.putDate(name, date);
    }

    @Override
    public void addDateHeader(String name, long date) {
        headers.addDateField(name, date);
    }

    @Override
    public void setHeader(String name, String value) {
        if (name == null) {
            return;
        }
        if (value == null) {
            headers.remove(name);
        } else if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
        } else {
            headers.put(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (name != null && value != null) {
            headers.add(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        headers.put(name, value);
    }

    @Override
    public void addIntHeader(String name, int value) {
        headers.add(name, value);
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return headers.getValuesList(name);
    }

    /** As Jetty's {@code ServletApiResponse}: the fields' names as one new set. */
    @Override
    public Collection<String> getHeaderNames() {
        return headers.getFieldNamesCollection();
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        return writer;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        headers.put("Content-Length", len);
    }

    /** Keeps the type as given and takes its charset, as containers do. */
    @Override
    public void setContentType(String type) {
        contentType = type;
        if (type == null) {
            headers.remove("Content-Type");
            return;
        }
        int charset = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (charset >= 0) {
            characterEncoding = type.substring(charset + 8).trim();
        }
        headers.put("Content-Type", type);
    }

    @Override
    public void setBufferSize(int size) {}

    @Override
    public int getBufferSize() {
        return 32768;
    }

    @Override
    public void flushBuffer() {
        committed = true;
    }

    @Override
    public void resetBuffer() {}

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void reset() {
        headers.clear();
        status = 200;
        contentType = null;
    }

    @Override
    public void setLocale(Locale loc) {}

    @Override
    public Locale getLocale() {
        return Locale.ROOT;
    }
}
