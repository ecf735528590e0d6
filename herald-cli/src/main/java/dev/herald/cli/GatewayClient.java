package dev.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.HeraldException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Talks to a running Herald gateway over HTTP for {@code --url}: JSON calls and Server-Sent Event
 * streams, with the API token as a bearer token. What goes wrong becomes an exception that says
 * what happened ({@link GatewayFailures}). Thread-safe; close it when done, which also ends open
 * streams.
 */
final class GatewayClient implements AutoCloseable {
  /** How long to wait for a connection. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How long to wait for an answer (the headers of a stream). */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private static final String EXAMPLE = "http://127.0.0.1:8080";

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http;

  private GatewayClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * A client of the gateway at {@code url} ({@code http://HOST:PORT}).
   *
   * @throws BadInputException naming {@code --url} if it is no such URL
   */
  static GatewayClient of(String url, Optional<String> token) {
    URI uri;
    try {
      uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (URISyntaxException e) {
      throw notAGatewayUrl(url, e.getReason());
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw notAGatewayUrl(url, "it does not start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw notAGatewayUrl(url, "it names no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw notAGatewayUrl(url, "it has a query or fragment");
    }
    return new GatewayClient(uri, token);
  }

  private static BadInputException notAGatewayUrl(String url, String why) {
    return new BadInputException(
        "--url: '" + url + "' is not a gateway URL (" + why + "); give one such as " + EXAMPLE);
  }

  /** The gateway's URL, as given. */
  URI uri() {
    return base;
  }

  /** {@code text} as one path segment or query value. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GETs {@code path} and returns its JSON answer. */
  JsonNode get(String path) {
    return json(request(path, ANSWER_TIMEOUT).GET().build());
  }

  /** POSTs {@code body} of {@code contentType} to {@code path}; its JSON answer. */
  JsonNode post(String path, String contentType, String body, Duration timeout) {
    return json(
        request(path, timeout)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  /**
   * Opens the Server-Sent Events stream at {@code path}: its body, to read until the gateway or the
   * caller closes it. Blocks until the gateway answers (at most {@link #ANSWER_TIMEOUT}).
   */
  InputStream stream(String path) {
    HttpRequest request =
        request(path, ANSWER_TIMEOUT).header("Accept", "text/event-stream").GET().build();
    HttpResponse<InputStream> answer = send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (answer.statusCode() == 200) {
      return answer.body();
    }
    try (InputStream body = answer.body()) {
      throw refused(request, answer.statusCode(), body.readAllBytes());
    } catch (IOException e) {
      throw refused(request, answer.statusCode(), new byte[0]);
    }
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", "application/json");
    token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
    return request;
  }

  private JsonNode json(HttpRequest request) {
    HttpResponse<byte[]> answer = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() / 100 != 2) {
      throw refused(request, answer.statusCode(), answer.body());
    }
    try {
      return CloudEventJson.parse(answer.body());
    } catch (IOException e) {
      throw new HeraldException(
          "the server at " + base + " did not answer JSON; is it a Herald gateway?", e);
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw GatewayFailures.unanswered(base, request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while waiting for the gateway at " + base, e);
    }
  }

  private RuntimeException refused(HttpRequest request, int status, byte[] body) {
    return GatewayFailures.answered(base, request, status, body);
  }

  /** Ends open streams and releases the connections. */
  @Override
  public void close() {
    http.shutdownNow();
  }
}
