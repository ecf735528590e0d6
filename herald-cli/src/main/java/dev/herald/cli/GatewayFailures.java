package dev.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.HeraldException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/**
 * What went wrong talking to a gateway, said for a person: a refusal (4xx, an RFC 9457 problem)
 * becomes a {@link GatewayRefusal} with the problem's detail (exit code 2); a failing gateway
 * (5xx), an absent one or one that does not answer in time becomes a {@link HeraldException} (exit
 * code 1). Stateless.
 */
final class GatewayFailures {
  private GatewayFailures() {}

  /** {@code request} to the gateway at {@code base} got no answer: {@code e} says why. */
  static HeraldException unanswered(URI base, HttpRequest request, IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return new HeraldException(
          "no gateway answered at "
              + base
              + " within "
              + GatewayClient.CONNECT_TIMEOUT.toSeconds()
              + " s; check the URL and that the gateway runs",
          e);
    }
    if (e instanceof HttpTimeoutException) {
      return new HeraldException(
          "the gateway at "
              + base
              + " did not answer "
              + what(request)
              + " within "
              + request.timeout().orElse(GatewayClient.ANSWER_TIMEOUT).toSeconds()
              + " s; try again, or look at the gateway's log",
          e);
    }
    if (e instanceof ConnectException) {
      return new HeraldException(
          "no gateway answers at "
              + base
              + "; start one with `herald gateway --transport URI` or `herald demo`",
          e);
    }
    return new HeraldException("talking to the gateway at " + base + " failed: " + e, e);
  }

  /** The gateway at {@code base} answered {@code request} with {@code status}, not a success. */
  static RuntimeException answered(URI base, HttpRequest request, int status, byte[] body) {
    Optional<JsonNode> problem = problem(body);
    String detail =
        problem
            .map(p -> p.path("detail").asText())
            .orElseGet(
                () ->
                    "the server at "
                        + base
                        + " answered "
                        + status
                        + " to "
                        + what(request)
                        + "; is it a Herald gateway?");
    if (status == 401 && problem.isPresent()) {
      detail += " (give it with --token or the " + GatewayOptions.TOKEN_VARIABLE + " variable)";
    }
    if (status / 100 == 4) {
      String type = problem.map(p -> p.path("type").asText()).orElse("");
      return new GatewayRefusal(status, type.substring(type.lastIndexOf(':') + 1), detail);
    }
    return new HeraldException("the gateway at " + base + " failed (" + status + "): " + detail);
  }

  private static String what(HttpRequest request) {
    return request.method() + " " + request.uri().getRawPath();
  }

  private static Optional<JsonNode> problem(byte[] body) {
    try {
      JsonNode node = CloudEventJson.parse(body);
      return node != null && node.path("detail").isTextual() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
