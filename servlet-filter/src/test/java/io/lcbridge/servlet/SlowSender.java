package io.lcbridge.servlet;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 client that sends a request body slowly: byte by byte, in pieces, or a few bytes and then
 * nothing. It measures how long the server takes to answer, from the end of the request headers.
 */
final class SlowSender {

    private SlowSender() {}

    record Answer(String statusLine, String text, Duration elapsed) {}

    /** Declares {@code contentLength} bytes and sends one byte every {@code interval} until the server answers. */
    static Answer trickle(URI uri, int contentLength, Duration interval, Duration patience) throws IOException {
        return send(uri, contentLength, patience, out -> {
            for (int i = 0; i < contentLength; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(interval.toMillis());
            }
        });
    }

    /** Declares {@code contentLength} bytes, sends {@code sent} of them and then nothing. */
    static Answer stall(URI uri, int contentLength, int sent, Duration patience) throws IOException {
        return send(uri, contentLength, patience, out -> {
            out.write(" ".repeat(sent).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    /** Sends {@code body} in {@code pieces} parts, {@code pause} apart. */
    static Answer inPieces(URI uri, byte[] body, int pieces, Duration pause, Duration patience) throws IOException {
        return send(uri, body.length, patience, out -> {
            int step = (body.length + pieces - 1) / pieces;
            for (int offset = 0; offset < body.length; offset += step) {
                out.write(body, offset, Math.min(step, body.length - offset));
                out.flush();
                Thread.sleep(pause.toMillis());
            }
        });
    }

    private interface BodyWriter {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private static Answer send(URI uri, int contentLength, Duration patience, BodyWriter body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout((int) patience.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            Thread writer = new Thread(
                    () -> {
                        try {
                            body.write(out);
                        } catch (IOException | InterruptedException e) {
                            // the server answered and closed, or the test is over
                        }
                    },
                    "slow-sender");
            writer.setDaemon(true);
            writer.start();
            try {
                String head = readHead(socket.getInputStream());
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                String statusLine = head.substring(0, Math.max(0, head.indexOf("\r\n")));
                return new Answer(statusLine, head, elapsed);
            } finally {
                writer.interrupt();
            }
        }
    }

    /** The status line, headers and whatever of the body arrived with them (up to 4 KB or end of stream). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[1024];
        int n;
        while (text.length() < 4096 && (n = in.read(buffer)) >= 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd >= 0 && contentReceived(text, headerEnd)) {
                break;
            }
        }
        return text.toString();
    }

    private static boolean contentReceived(StringBuilder text, int headerEnd) {
        String head = text.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = head.indexOf("\r\n", at);
        int length = Integer.parseInt(
                head.substring(at + 15, end < 0 ? head.length() : end).trim());
        return text.length() - headerEnd - 4 >= length;
    }

    /** A {@code ServletConfig} with one init parameter. */
    static ServletConfig config(String name, String value) {
        Map<String, String> parameters = Map.of(name, value);
        return new ServletConfig() {
            @Override
            public String getServletName() {
                return "livechat-webhooks";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String parameter) {
                return parameters.get(parameter);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }
}
