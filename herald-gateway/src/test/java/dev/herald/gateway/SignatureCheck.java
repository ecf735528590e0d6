package dev.herald.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's own check of a Standard Webhooks signature, written from the spec and sharing no
 * code with {@link WebhookSigner}: the header holds space-separated {@code v1,<base64>} entries,
 * and one of them must be the HMAC-SHA256 of {@code id.timestamp.body} keyed with the
 * base64-decoded secret (after {@code whsec_}).
 */
final class SignatureCheck {
  private SignatureCheck() {}

  static boolean verifies(String secret, String id, String timestamp, byte[] body, String header)
      throws Exception {
    String encodedKey = secret.substring(secret.indexOf('_') + 1);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
    byte[] signed = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[signed.length + body.length];
    System.arraycopy(signed, 0, content, 0, signed.length);
    System.arraycopy(body, 0, content, signed.length, body.length);
    byte[] expected = mac.doFinal(content);
    for (String entry : header.trim().split(" +", -1)) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return true;
      }
    }
    return false;
  }
}
