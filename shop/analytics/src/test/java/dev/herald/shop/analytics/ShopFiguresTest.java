package dev.herald.shop.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.shop.analytics.Figures.SkuQuantity;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures' arithmetic on a clock the test moves. */
class ShopFiguresTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final ManualClock clock = new ManualClock(START);
  private final ShopFigures figures = new ShopFigures(clock, 2);

  private static OrderPlaced placed(String orderId, Instant at, Line... lines) {
    long total = List.of(lines).stream().mapToLong(Line::cents).sum();
    return new OrderPlaced(orderId, "c-1", List.of(lines), total, at);
  }

  @Test
  void ordersLastMinute_slidesWithTheClock() {
    figures.placed(placed("o-1", START, new Line("TEA-GREEN", 1, 650)));
    clock.advance(Duration.ofSeconds(30));
    figures.placed(placed("o-2", clock.instant(), new Line("TEA-GREEN", 1, 650)));
    assertThat(figures.figures().ordersLastMinute()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(30));
    assertThat(figures.figures().ordersLastMinute()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    Figures later = figures.figures();
    assertThat(later.ordersLastMinute()).isZero();
    assertThat(later.ordersPlaced()).isEqualTo(2);
    assertThat(later.at()).isEqualTo(START.plusSeconds(90));
  }

  @Test
  void revenue_isCapturedLessRefunded() {
    figures.captured("p-1", 1_300);
    figures.captured("p-2", 4_900);
    figures.refunded("p-2", 4_900);
    figures.captured("p-3", 650);
    assertThat(figures.figures().revenueCents()).isEqualTo(1_950);
  }

  @Test
  void conversion_isConfirmedOrShipped_overPlaced() {
    assertThat(figures.figures().conversion()).isZero();
    for (String id : List.of("o-1", "o-2", "o-3", "o-4")) {
      figures.placed(placed(id, START, new Line("KETTLE", 1, 7_500)));
    }
    figures.converted("o-1");
    figures.converted("o-2");
    figures.converted("o-2");
    Figures now = figures.figures();
    assertThat(now.ordersConverted()).isEqualTo(2);
    assertThat(now.conversion()).isEqualTo(0.5);
  }

  @Test
  void ordersByState_countEachOrderOnce_andOnlyOrdersPlaced() {
    for (String id : List.of("o-1", "o-2", "o-3", "o-4")) {
      figures.placed(placed(id, START, new Line("KETTLE", 1, 7_500)));
    }
    figures.converted("o-1");
    figures.shipped("o-1");
    figures.shipped("o-1");
    figures.converted("o-2");
    figures.cancelled("o-3");
    figures.cancelled("o-3");
    figures.cancelled("o-never-placed");
    Figures now = figures.figures();
    assertThat(now.ordersShipped()).isEqualTo(1);
    assertThat(now.ordersConverted()).isEqualTo(2);
    assertThat(now.ordersCancelled()).isEqualTo(1);
    assertThat(now.ordersOpen()).as("o-4").isEqualTo(1);
  }

  @Test
  void topSkus_areByQuantityOrdered_mostFirst() {
    figures.placed(
        placed("o-1", START, new Line("TEA-GREEN", 2, 650), new Line("KETTLE", 1, 7_500)));
    figures.placed(
        placed("o-2", START, new Line("CUP-SET", 4, 2_400), new Line("KETTLE", 1, 7_500)));
    figures.placed(placed("o-3", START, new Line("TEA-GREEN", 1, 650)));
    assertThat(figures.figures().topSkus())
        .containsExactly(new SkuQuantity("CUP-SET", 4), new SkuQuantity("TEA-GREEN", 3));
  }

  @Test
  void aFactAppliedTwice_countsOnce() {
    OrderPlaced order = placed("o-1", START, new Line("TEA-GREEN", 2, 650));
    figures.placed(order);
    figures.placed(order);
    figures.converted("o-1");
    figures.converted("o-1");
    figures.captured("p-1", 1_300);
    figures.captured("p-1", 1_300);
    Figures now = figures.figures();
    assertThat(now.ordersPlaced()).isEqualTo(1);
    assertThat(now.ordersLastMinute()).isEqualTo(1);
    assertThat(now.conversion()).isEqualTo(1.0);
    assertThat(now.revenueCents()).isEqualTo(1_300);
    assertThat(now.topSkus()).containsExactly(new SkuQuantity("TEA-GREEN", 2));
  }
}
