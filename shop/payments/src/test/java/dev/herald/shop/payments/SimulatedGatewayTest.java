package dev.herald.shop.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedGatewayTest {
  private static List<GatewayAnswer> chargeAll(SimulatedGateway gateway, List<String> orders)
      throws InterruptedException {
    List<GatewayAnswer> answers = new ArrayList<>();
    for (String order : orders) {
      answers.add(gateway.charge(order, 100));
    }
    return answers;
  }

  @Test
  void charge_sameSeed_sameAnswersWhateverTheOrder() throws Exception {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      orders.add("o-" + i);
    }
    List<GatewayAnswer> first = chargeAll(new SimulatedGateway(0.5, Duration.ZERO, 42), orders);
    List<String> reversed = new ArrayList<>(orders.reversed());
    List<GatewayAnswer> second =
        chargeAll(new SimulatedGateway(0.5, Duration.ZERO, 42), reversed).reversed();

    assertThat(second).isEqualTo(first);
    assertThat(first).hasAtLeastOneElementOfType(GatewayAnswer.Declined.class);
    assertThat(first).hasAtLeastOneElementOfType(GatewayAnswer.Captured.class);
  }

  @Test
  void charge_sameOrderAgain_answersAsBefore() throws Exception {
    SimulatedGateway gateway = new SimulatedGateway(0.5, Duration.ZERO, 7);
    List<GatewayAnswer> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(gateway.charge("o-1", 100 + i));
    }

    assertThat(answers).containsOnly(answers.get(0));
  }
}
