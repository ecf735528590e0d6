package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The browser harness itself: a real Chromium reads a real gateway's health. */
class ChromiumTest {
  @RegisterExtension static final Chromium chromium = new Chromium();

  private static Transport transport;
  private static Gateway gateway;

  @BeforeAll
  static void start() {
    transport = Transports.memory();
    gateway = Gateway.builder(transport).start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    transport.close();
  }

  /**
   * Opens the gateway's liveness page. The gateway serves no /favicon.ico, which Chromium asks for
   * on its own (the dashboard links an icon of its own): waits for that failed request to be
   * logged, checks that it is the only error, and forgets it.
   */
  private String openHealth() {
    chromium.open(gateway.uri().resolve("/health/live"));
    String text = chromium.visible("body").getText();
    chromium.until("the favicon request to be logged", d -> !chromium.errors().isEmpty());
    assertThat(chromium.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("/favicon.ico", "404"));
    chromium.clearErrors();
    return text;
  }

  @Test
  void open_healthLive_showsTheGatewayUp() {
    assertThat(openHealth()).contains("UP");

    assertThat(chromium.screenshot(chromium.testName() + "-explicit")).isNotEmptyFile();
  }

  @Test
  void errors_afterAConsoleError_listIt() {
    openHealth();

    chromium.script("console.error('on purpose')");

    assertThat(Chromium.describe(chromium.errors())).contains("on purpose");
    chromium.clearErrors();
  }

  @Test
  void viewport_phoneWidth_narrowsTheWindow() {
    openHealth();

    chromium.viewport(375, 800, false);

    assertThat(chromium.script("return window.innerWidth")).isEqualTo(375L);
  }
}
