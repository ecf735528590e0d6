package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection over a plain socket, sending one request at a time and reading
 * its whole answer: a lean client, so that the bench measures the gateway rather than a client
 * library ({@code java.net.http} costs about as much CPU per request as the gateway does). It reads
 * answers with a {@code Content-Length} or a chunked body. Used by one thread.
 */
final class KeepAliveHttp implements AutoCloseable {
  private static final int MAX_LINE = 8 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;
  private final StringBuilder line = new StringBuilder();

  /** The status and body (as UTF-8 text) of an answer. */
  record Answer(int status, String text) {}

  private KeepAliveHttp(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = socket.getOutputStream();
    this.host = host;
  }

  /**
   * Connects to the server of {@code base} (such as {@code http://127.0.0.1:8080}).
   *
   * @throws HeraldException if it cannot connect
   */
  static KeepAliveHttp connect(URI base) {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      return new KeepAliveHttp(socket, base.getHost() + ":" + base.getPort());
    } catch (IOException e) {
      closeQuietly(socket);
      throw new HeraldException("cannot connect to the gateway at " + base + ": " + e, e);
    }
  }

  /** Sends {@code POST path} with {@code body} of {@code contentType} and reads the answer. */
  Answer post(String path, String contentType, byte[] body) throws IOException {
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    out.write(request);
    out.flush();
    return read();
  }

  private Answer read() throws IOException {
    String status = readLine();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: '" + status + "'");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException(
            "the answer ended after " + body.length + " of " + length + " bytes");
      }
    } else {
      throw new IOException("an answer with neither Content-Length nor chunked body: " + status);
    }
    if (close) {
      throw new IOException("the gateway closed the keep-alive connection (status " + code + ")");
    }
    return new Answer(code, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!readLine().isEmpty()) {
          // trailers: none expected, skipped
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length < n) {
        throw new EOFException("a chunk ended after " + chunk.length + " of " + n + " bytes");
      }
      body.write(chunk);
      readLine();
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the gateway closed the connection");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("a line of the answer is longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
  }
}
