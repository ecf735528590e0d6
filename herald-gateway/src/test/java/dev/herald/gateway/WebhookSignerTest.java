package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  // The signing test vector of the Standard Webhooks reference libraries
  // (standard-webhooks/standard-webhooks, libraries/java WebhookTest.verifyWebhookSignWorks).
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final byte[] PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void sign_matchesTheStandardWebhooksTestVector() {
    assertThat(WebhookSigner.sign(SECRET, MESSAGE_ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
  }

  @Test
  void sign_takesTheSecretWithoutItsPrefixToo() {
    String bare = SECRET.substring("whsec_".length());

    assertThat(WebhookSigner.sign(bare, MESSAGE_ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
  }

  @Test
  void receiverCheck_acceptsTheTestVector_andRefusesAnythingChanged() throws Exception {
    String stamp = Long.toString(TIMESTAMP);
    byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

    assertThat(SignatureCheck.verifies(SECRET, MESSAGE_ID, stamp, PAYLOAD, SIGNATURE)).isTrue();
    assertThat(SignatureCheck.verifies(SECRET, MESSAGE_ID, stamp, changed, SIGNATURE)).isFalse();
    assertThat(SignatureCheck.verifies(SECRET, MESSAGE_ID, "1614265331", PAYLOAD, SIGNATURE))
        .isFalse();
    assertThat(SignatureCheck.verifies(SECRET, "msg_other", stamp, PAYLOAD, SIGNATURE)).isFalse();
    assertThat(
            SignatureCheck.verifies(
                SECRET, MESSAGE_ID, stamp, PAYLOAD, SIGNATURE.replace("v1,", "v2,")))
        .isFalse();
  }

  @Test
  void header_carriesOneSignaturePerSecret_eachVerifyingAlone() throws Exception {
    WebhookSecrets old = WebhookSecrets.generate();
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    WebhookSecrets rotated = old.rotate(now, Duration.ofHours(24));

    String header = WebhookSigner.header(rotated.signingAt(now), MESSAGE_ID, TIMESTAMP, PAYLOAD);

    assertThat(header.split(" ", -1)).hasSize(2).allMatch(entry -> entry.startsWith("v1,"));
    String stamp = Long.toString(TIMESTAMP);
    assertThat(SignatureCheck.verifies(old.current(), MESSAGE_ID, stamp, PAYLOAD, header)).isTrue();
    assertThat(SignatureCheck.verifies(rotated.current(), MESSAGE_ID, stamp, PAYLOAD, header))
        .isTrue();
  }

  @Test
  void signingAt_dropsThePreviousSecretWhenItsOverlapEnds() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    WebhookSecrets rotated = WebhookSecrets.generate().rotate(now, Duration.ofHours(24));

    assertThat(rotated.signingAt(now.plus(Duration.ofHours(23)))).hasSize(2);
    assertThat(rotated.signingAt(now.plus(Duration.ofHours(24))))
        .containsExactly(rotated.current());
  }

  @Test
  void generate_makesWhsecSecretsOf32RandomBytes() {
    String secret = WebhookSecrets.generate().current();

    assertThat(secret).startsWith("whsec_");
    assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    assertThat(WebhookSecrets.generate().current()).isNotEqualTo(secret);
  }
}
