package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.AccessTokens;
import dev.herald.gateway.ApiToken;
import dev.herald.gateway.Gateway;
import dev.herald.gateway.TopicPattern;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --url} against a gateway that needs tokens, no gateway at all, and with options that do
 * not go together: each says what happened and what to do.
 */
class GatewayUrlErrorsTest {
  private static final String ADMIN = "hgt_admin-secret";
  private static final String READER = "hgt_reader-secret";

  private final Transport transport = Transports.memory(1);
  private Gateway gateway;
  private String url;

  @BeforeEach
  void startGateway() {
    AccessTokens tokens =
        AccessTokens.of(
            List.of(
                ApiToken.of("ops", ADMIN, List.of(), List.of(), true),
                ApiToken.of(
                    "reader", READER, List.of(), List.of(new TopicPattern("shop.*")), false)));
    gateway = Gateway.builder(transport).tokens(tokens).start();
    url = gateway.uri().toString();
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  private static String[] publish(String url, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "publish",
                "--url",
                url,
                "--topic",
                "shop.order",
                "--type",
                "shop.order.placed",
                "--key",
                "o-1",
                "--data",
                "{}"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void publish_withoutTokenToAGatewayThatNeedsOne_exits2SayingHowToGiveIt() {
    assumeThat(System.getenv(GatewayOptions.TOKEN_VARIABLE)).as("no token in the env").isNull();

    Cli.Result result = Cli.run(publish(url));

    Cli.assertBadInput(
        result,
        "herald publish: this gateway needs an API token: send Authorization: Bearer <token>"
            + " (give it with --token or the HERALD_TOKEN variable)");
  }

  @Test
  void publish_withToken_publishes() {
    Cli.Result result = Cli.run(publish(url, "--token", ADMIN, "--id", "e1"));

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"offset\":0,\"id\":\"e1\"");
  }

  @Test
  void commands_withATokenThatMayNot_exit2WithTheGatewaysReason() {
    Cli.assertBadInput(
        Cli.run(publish(url, "--token", READER)),
        "herald publish: API token reader may not publish to topic shop.order;"
            + " ask for a token with that right");
    Cli.assertBadInput(
        Cli.run("dlq", "list", "--group", "billing", "--url", url, "--token", READER),
        "herald dlq list: API token reader may not use the admin API");
    Cli.assertBadInput(
        Cli.run("tail", "--url", url, "--token", "hgt_unknown", "--topic", "shop.order"),
        "herald tail: the API token is not one this gateway knows");
  }

  @Test
  void tail_withTokenThatMaySubscribe_follows() {
    Cli.run(publish(url, "--token", ADMIN, "--id", "e1"));

    Cli.Result result =
        Cli.run(
            "tail",
            "--url",
            url,
            "--token",
            READER,
            "--topic",
            "shop.order",
            "--from",
            "earliest",
            "--max",
            "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"id\":\"e1\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "publish --topic t --type x.y --key k --data {}",
        "tail --topic t",
        "dlq list --group billing",
        "dlq show --group billing some-id",
        "dlq replay --group billing some-id",
        "dlq purge --group billing --all-pending"
      })
  void urlAndTransport_exit2SayingToGiveOne(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--url", url, "--transport", "memory:"));

    Cli.Result result = Cli.run(transport, args.toArray(String[]::new));

    Cli.assertBadInput(result, "--url: give --url or --transport, not both");
  }

  @Test
  void tail_viaUrl_fromThatDoesNotFit_exits2() {
    Cli.assertBadInput(
        Cli.run("tail", "--url", url, "--topic", "t", "--group", "audit", "--from", "3"),
        "--from: with --url and --group it is earliest or latest");
    Cli.assertBadInput(
        Cli.run("tail", "--url", url, "--topic", "t", "--from", "soon"),
        "--from: 'soon' is not earliest, latest, an offset (0, 1, 2, ...) or a position of the"
            + " stream such as 0:12,1:7");
  }

  @Test
  void tokenWithoutUrl_exits2() {
    Cli.assertBadInput(
        Cli.run(
            transport,
            "tail",
            "--transport",
            "memory:",
            "--topic",
            "t",
            "--token",
            ADMIN,
            "--max",
            "1"),
        "--token: is the API token of a gateway; give its --url as well");
  }

  @Test
  void url_nothingListens_exits1SayingHowToStartAGateway() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String nowhere = "http://127.0.0.1:" + port;

    for (String[] args :
        List.of(
            publish(nowhere),
            new String[] {"tail", "--url", nowhere, "--topic", "shop.order"},
            new String[] {"dlq", "list", "--url", nowhere, "--group", "billing"})) {
      Cli.Result result = Cli.run(args);

      assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
      assertThat(result.err())
          .contains(
              ": no gateway answers at "
                  + nowhere
                  + "; start one with `herald gateway --transport URI` or `herald demo`")
          .doesNotContain("\tat ");
      assertThat(result.out()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8080", "ftp://127.0.0.1:8080", "http://", "http://h:1?x=1"})
  void url_notAGatewayUrl_exits2(String bad) {
    Cli.assertBadInput(Cli.run(publish(bad)), "--url: '" + bad + "' is not a gateway URL");
  }

  @Test
  void url_notAGateway_exits2SayingSo() {
    // The gateway answers 404 to a path it does not have, as any other server would.
    Cli.Result result = Cli.run(publish(url + "/elsewhere", "--token", ADMIN));

    Cli.assertBadInput(result, "no resource at /elsewhere/topics/shop.order/events");
  }
}
