package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.spi.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the README's example and checks that the README shows exactly this code. */
class QuickstartExampleTest {
  // README:start
  @EventType(name = "shop.order.placed", key = "orderId")
  record OrderPlaced(String orderId, String sku, int quantity) {}

  @EventType(name = "shop.stock.reserved", key = "orderId")
  record StockReserved(String orderId, String sku) {}

  static void run() throws InterruptedException {
    try (Transport transport = Transports.memory();
        EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus inventory = EventBus.builder("inventory").transport(transport).build()) {
      inventory.on(
          OrderPlaced.class,
          (placed, context) -> {
            System.out.println("inventory: reserving " + placed.quantity() + " x " + placed.sku());
            context.publish(new StockReserved(placed.orderId(), placed.sku()));
          });
      CountDownLatch reserved = new CountDownLatch(1);
      orders.on(
          StockReserved.class,
          (event, context) -> {
            System.out.println("orders: stock reserved for " + event.orderId());
            reserved.countDown();
          });
      inventory.start();
      orders.start();
      orders.publish(new OrderPlaced("o-1", "sku-42", 2));
      reserved.await();
    }
  }

  // README:end

  @Test
  void run_printsBothReactions() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run();
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("inventory: reserving 2 x sku-42", "orders: stock reserved for o-1");
  }

  @Test
  void readme_showsThisExample() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/dev/herald/core/QuickstartExampleTest.java"));
    String example = between(source, "// README:start\n", "  // README:end");
    String readme = Files.readString(Path.of("../README.md"));
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README.md has a ```java block").isTrue();
    assertThat(normalize(block.group(1))).isEqualTo(normalize(example));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  /** Drops the common indentation and blank lines. */
  private static List<String> normalize(String code) {
    List<String> lines = code.lines().filter(line -> !line.isBlank()).toList();
    int indent =
        lines.stream()
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream().map(line -> line.substring(indent).stripTrailing()).toList();
  }
}
