package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  private static final Pattern STEP =
      Pattern.compile(
          "(\\w+) +\\S+ (shop\\.[a-z.]+) +order (o-\\d+) +id (\\w+) +correlation (\\w+)"
              + "(?:  caused by (\\w+))?");

  record Step(
      String service, String type, String order, String id, String correlation, String cause) {}

  @Test
  void demoWithOrders_completesThemAndPrintsASummary() {
    Cli.Result result = Cli.run("demo", "--orders", "3", "--rate", "50");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("Herald demo: four services of a shop exchange events on the embedded log")
        .contains("Stops once 3 orders have completed.")
        .containsPattern(
            "Summary: 3 orders placed, 3 completed, (1[5-9]|[2-9]\\d) events handled in");
    assertThat(result.out())
        .contains("order o-1 complete", "order o-2 complete", "order o-3 complete");
  }

  @Test
  void demoOnAnotherTransport_namesIt() {
    Cli.Result result = Cli.run("demo", "--orders", "1", "--rate", "50", "--transport", "memory:");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("Herald demo: four services of a shop exchange events on memory:.")
        .contains("order o-1 complete");
  }

  @Test
  void demoOnABadTransport_isBadInput() {
    Cli.Result result = Cli.run("demo", "--orders", "1", "--transport", "carrier-pigeon:");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--transport").contains("carrier-pigeon");
  }

  @Test
  void demo_printsEachOrdersFlowAsOneCorrelatedCausalChain() {
    Cli.Result result = Cli.run("demo", "--orders", "3", "--rate", "50");

    Map<String, List<Step>> byOrder =
        result.lines().stream()
            .map(STEP::matcher)
            .filter(Matcher::find)
            .map(
                m ->
                    new Step(
                        m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)))
            .collect(Collectors.groupingBy(Step::order));
    assertThat(byOrder).containsOnlyKeys("o-1", "o-2", "o-3");
    byOrder.forEach(
        (order, steps) -> {
          Map<String, Step> byType = steps.stream().collect(Collectors.toMap(Step::type, s -> s));
          Step placed = byType.get("shop.order.placed");
          Step reserved = byType.get("shop.stock.reserved");
          Step captured = byType.get("shop.payment.captured");
          assertThat(steps).as(order).hasSize(3);
          assertThat(List.of(placed.service(), reserved.service(), captured.service()))
              .containsExactly("orders", "inventory", "payments");
          assertThat(steps).extracting(Step::correlation).containsOnly(placed.id());
          assertThat(placed.cause()).isNull();
          assertThat(reserved.cause()).isEqualTo(placed.id());
          assertThat(captured.cause()).isEqualTo(reserved.id());
          assertThat(List.of(placed.id(), reserved.id(), captured.id()))
              .as("three events, three ids")
              .doesNotHaveDuplicates();
        });
  }
}
