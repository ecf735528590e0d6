package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.AccessTokens;
import dev.herald.gateway.ApiToken;
import dev.herald.gateway.Gateway;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The dashboard on a gateway that needs tokens: the page asks for an admin token, and with it reads
 * the admin API and follows the live stream (which a browser's EventSource could not, as it sends
 * no Authorization header).
 */
class DashboardTokenBrowserTest {
  @RegisterExtension static final Chromium chromium = new Chromium();
  private static final String TOKEN = "dashboard-test-admin-token-0123456789";

  private Transport transport;
  private Gateway gateway;

  @BeforeEach
  void start() {
    transport = Transports.memory(2);
    gateway =
        Gateway.builder(transport)
            .tokens(AccessTokens.of(List.of(ApiToken.of("ops", TOKEN, List.of(), List.of(), true))))
            .start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  @Test
  void aGatewayWithTokens_asksForOne_andWithItShowsTheLiveEvents() {
    chromium.open(gateway.uri().resolve("/#/events"));

    chromium.visible("#token-form");
    // the refusal that made the page ask is the point here; Chromium logs every failed request
    assertThat(chromium.errors())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getMessage()).contains("/admin/", "401"));
    chromium.clearErrors();
    chromium.visible("#token").sendKeys(TOKEN);
    chromium.driver().findElement(By.cssSelector("#token-form button[type='submit']")).click();
    chromium.present("main#view[data-view='events'][data-ready='true']");

    var unused =
        transport
            .append(
                "dash-token",
                List.of(
                    Envelope.builder()
                        .id("tok-1")
                        .source("token-test")
                        .type("dash.test.tokened")
                        .data("{\"ok\":true}")
                        .build()))
            .join();

    chromium.visible("#events-list .event-row[data-event-id='tok-1']");
    assertThat(chromium.driver().findElement(By.id("token-form")).isDisplayed()).isFalse();
  }
}
