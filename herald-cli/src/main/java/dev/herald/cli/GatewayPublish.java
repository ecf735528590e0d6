package dev.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * {@code herald publish --url}: one event, POSTed to a gateway's {@code /topics/{topic}/events} in
 * the structured CloudEvents JSON format. Stateless.
 */
final class GatewayPublish {
  private GatewayPublish() {}

  /**
   * Publishes {@code envelope} to {@code topic} through {@code gateway}; where it was stored, once
   * the gateway confirmed the transport holds it. Blocks up to {@link PublishCommand#ACK_TIMEOUT}.
   *
   * @throws GatewayRefusal if the gateway refused it (such as a token that may not publish there)
   * @throws HeraldException if the gateway failed, is not there or did not answer in time
   */
  static Position publish(GatewayClient gateway, String topic, Envelope envelope) {
    JsonNode answer;
    try {
      answer =
          gateway.post(
              "/topics/" + GatewayClient.encode(topic) + "/events",
              dev.herald.core.CloudEventJson.MEDIA_TYPE,
              CloudEventJson.line(dev.herald.core.CloudEventJson.write(envelope)),
              PublishCommand.ACK_TIMEOUT);
    } catch (HeraldException e) {
      if (e.getCause() instanceof HttpTimeoutException
          && !(e.getCause() instanceof HttpConnectTimeoutException)) {
        throw new HeraldException(
            e.getMessage() + "; event " + envelope.id() + " may or may not be stored", e);
      }
      throw e;
    }
    JsonNode position = answer.path("positions").path(0);
    if (!position.path("topic").isTextual()
        || !position.path("partition").canConvertToInt()
        || !position.path("offset").canConvertToLong()) {
      throw new HeraldException(
          "the gateway at "
              + gateway.uri()
              + " took event "
              + envelope.id()
              + " but answered no position: "
              + answer);
    }
    return new Position(
        position.get("topic").textValue(),
        position.get("partition").intValue(),
        position.get("offset").longValue());
  }
}
