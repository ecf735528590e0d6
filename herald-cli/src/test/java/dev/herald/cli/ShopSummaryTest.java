package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.shop.analytics.Figures;
import dev.herald.shop.analytics.Figures.SkuQuantity;
import dev.herald.shop.inventory.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopSummaryTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:15:30Z");

  @TempDir Path dir;

  private static ShopSummary summary(int deadLetters, List<NotificationTail.Line> latest) {
    Map<String, Level> stock = new LinkedHashMap<>();
    stock.put("TEA-GREEN", new Level(380, 6));
    stock.put("KETTLE", new Level(0, 0));
    Figures figures =
        new Figures(AT, 12, 40, 30, 25, 6, 123_456_78, List.of(new SkuQuantity("TEA-GREEN", 61)));
    return new ShopSummary(figures, stock, deadLetters, latest, Duration.ofSeconds(95), 2);
  }

  @Test
  void lines_showOrdersByStateMoneyStockAndFailures() {
    List<String> lines = summary(0, List.of()).lines();

    assertThat(lines.get(0)).endsWith("  up 1m 35s  placing 2 orders a second");
    assertThat(lines.subList(1, lines.size()))
        .containsExactly(
            "  Orders    40 placed: 4 open, 5 confirmed, 25 shipped, 6 cancelled; 12 in the last"
                + " minute",
            "  Revenue   123,456.78 net of refunds; conversion 75.0%",
            "  Top SKUs  TEA-GREEN 61",
            "  Stock     TEA-GREEN 380, KETTLE 0; 6 reserved",
            "  Failures  no dead letters",
            "  Messages  none yet");
  }

  @Test
  void deadLetters_pointToTheCommandThatShowsThem() {
    assertThat(summary(3, List.of()).lines())
        .contains("  Failures  3 dead letters (herald dlq list)");
  }

  @Test
  void latestMessages_areReadFromTheEndOfTheFile_skippingPartLines() throws IOException {
    Path file = dir.resolve("notifications.log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append(AT.plusSeconds(i))
          .append("\tc-")
          .append(i % 7)
          .append("\torder-")
          .append(i)
          .append("\tplaced\tThank you!\n");
    }
    Files.writeString(file, text + "2026-11-24T10:2", StandardCharsets.UTF_8);

    List<NotificationTail.Line> last = NotificationTail.last(file, 3);

    assertThat(last)
        .extracting(NotificationTail.Line::orderId)
        .containsExactly("order-497", "order-498", "order-499");
    assertThat(summary(0, last).lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches("  Messages  \\d\\d:\\d\\d:\\d\\d placed    c-0   order order-49"));
    assertThat(NotificationTail.last(dir.resolve("missing.log"), 3)).isEmpty();
  }
}
