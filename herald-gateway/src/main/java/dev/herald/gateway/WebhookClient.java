package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * POSTs webhook messages over HTTP(S) through Jetty's client, connecting only to addresses the
 * {@link GuardedResolver} hands it. Redirects are not followed; answers' bodies are read and thrown
 * away. Thread-safe; {@link #post} blocks until the answer, the timeout or {@link #close}.
 */
final class WebhookClient implements AutoCloseable {
  private final HttpClient http = new HttpClient();
  private final Duration timeout;
  private volatile boolean closed;

  /** What came of one POST: the status if the receiver answered, else what went wrong. */
  record Answer(Optional<Integer> status, Optional<String> retryAfter, Optional<String> error) {}

  WebhookClient(GuardedResolver resolver, Duration timeout) {
    this.timeout = timeout;
    http.setSocketAddressResolver(resolver);
    http.setFollowRedirects(false);
    http.setConnectTimeout(timeout.toMillis());
    http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Herald-Webhooks/1"));
    try {
      http.start();
    } catch (Exception e) {
      throw new HeraldException("cannot start the webhook HTTP client: " + e.getMessage(), e);
    }
  }

  /**
   * POSTs {@code body} to {@code url} with {@code headers}.
   *
   * @throws CancellationException if the client is closed before the answer comes
   */
  Answer post(URI url, Map<String, String> headers, String contentType, byte[] body)
      throws InterruptedException {
    Request request =
        http.newRequest(url)
            .method(HttpMethod.POST)
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .body(new BytesRequestContent(contentType, body));
    request.headers(fields -> headers.forEach(fields::put));
    CompletableFuture<Result> done = new CompletableFuture<>();
    request.send(done::complete);
    try {
      Result result = done.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      if (closed && result.isFailed()) {
        throw new CancellationException("the webhook client closed before the answer came");
      }
      if (!result.isFailed()) {
        return new Answer(
            Optional.of(result.getResponse().getStatus()),
            Optional.ofNullable(result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER)),
            Optional.empty());
      }
      return failed(result.getFailure());
    } catch (ExecutionException e) {
      return failed(e.getCause());
    } catch (TimeoutException e) {
      var unused = request.abort(e); // completes the listener, which no one waits for now
      return failed(e);
    }
  }

  private Answer failed(Throwable failure) {
    return new Answer(Optional.empty(), Optional.empty(), Optional.of(describe(failure)));
  }

  private String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HeraldException) {
        return cause.getMessage();
      }
      if (cause instanceof TimeoutException) {
        return "no answer within " + timeout.toSeconds() + " s";
      }
    }
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }

  @Override
  public void close() throws Exception {
    closed = true;
    http.stop();
  }
}
