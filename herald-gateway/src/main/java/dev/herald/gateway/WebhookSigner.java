package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook messages as Standard Webhooks does: {@code v1,} followed by the base64 of the
 * HMAC-SHA256, keyed with the secret's bytes (the base64 after {@code whsec_}), of {@code
 * <webhook-id>.<webhook-timestamp>.<body>}. Several signatures, one per secret, are separated by a
 * space in the {@code webhook-signature} header. Stateless and thread-safe.
 */
final class WebhookSigner {
  private static final String HMAC = "HmacSHA256";

  private WebhookSigner() {}

  /** The {@code webhook-signature} header: one {@code v1,} signature per secret, in order. */
  static String header(List<String> secrets, String messageId, long timestamp, byte[] body) {
    StringBuilder header = new StringBuilder();
    for (String secret : secrets) {
      header.append(header.isEmpty() ? "" : " ").append(sign(secret, messageId, timestamp, body));
    }
    return header.toString();
  }

  /**
   * The signature of one message with {@code secret} ({@code whsec_…}, or its base64 alone).
   *
   * @throws HeraldException if the secret is not base64
   */
  static String sign(String secret, String messageId, long timestamp, byte[] body) {
    String base64 =
        secret.startsWith(WebhookSecrets.PREFIX)
            ? secret.substring(WebhookSecrets.PREFIX.length())
            : secret;
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64), HMAC));
      mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (IllegalArgumentException e) {
      throw new HeraldException(
          "the webhook secret is not whsec_ followed by base64; rotate it to get a valid one", e);
    } catch (GeneralSecurityException e) {
      throw new HeraldException("this JVM cannot compute " + HMAC + ": " + e.getMessage(), e);
    }
  }
}
