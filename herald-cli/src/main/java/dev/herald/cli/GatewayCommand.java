package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.AccessTokens;
import dev.herald.gateway.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code herald gateway}: serves the HTTP edge onto a transport until Ctrl-C. */
@Command(
    name = "gateway",
    description = "Serve the HTTP edge: publish, SSE, WebSocket, webhooks, admin API.",
    footer = {
      "%nEndpoints (all errors are RFC 9457 problem+json):",
      "  POST /topics/{topic}/events    CloudEvents, binary or structured, or a",
      "                                 batch; 202 with their positions",
      "  GET  /topics/{topic}/stream    Server-Sent Events; ?group=G&from=F,",
      "                                 resume with Last-Event-ID",
      "  /ws                            WebSocket: subscribe, ack, publish",
      "  /admin/...                     topics, groups, dead letters, events,",
      "                                 schemas, webhooks",
      "  /metrics, /health/live, /health/ready",
      "%nWithout --tokens it serves 127.0.0.1 only, open to this machine.",
      "%nExample:",
      "  herald gateway --transport kafka://127.0.0.1:9092 --port 8080",
      "  curl -H 'Content-Type: application/cloudevents+json' -d @event.json \\",
      "    http://127.0.0.1:8080/topics/shop.order/events"
    })
final class GatewayCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand HeraldCommand herald;

  @Option(
      names = "--transport",
      paramLabel = "URI",
      defaultValue = TopicOptions.DEFAULT_TRANSPORT,
      description = "Transport URI: log:DIR or kafka://HOST:PORT (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}); others need --tokens.")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "API tokens (JSON: each with a name, its sha256 or token, the topics it may publish"
              + " and subscribe to, and admin); without it, no token is needed.")
  Optional<Path> tokens;

  @Option(
      names = "--allow-origin",
      paramLabel = "ORIGIN",
      description = "An origin (such as https://app.example) whose pages may open a WebSocket.")
  List<String> allowedOrigins = List.of();

  @Option(
      names = "--webhooks-may-reach",
      paramLabel = "CIDR",
      description =
          "An address range (such as 10.1.0.0/16) webhooks may be sent to although it is"
              + " private, loopback or link-local (refused by default).")
  List<String> webhookAllowList = List.of();

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Stops a running gateway as Ctrl-C does. */
  void stop() {
    stopped.countDown();
  }

  @Override
  public Integer call() throws InterruptedException {
    Inputs.require(
        port >= 0 && port <= 65_535, "--port", "must be from 1 to 65535 (or 0), was " + port);
    AccessTokens accessTokens = tokens.map(GatewayCommand::load).orElse(AccessTokens.none());
    PrintWriter out = spec.commandLine().getOut();
    try (StopSignal signal = StopSignal.onShutdown(this::stop)) {
      try (Transport opened = TopicOptions.open(herald, transport, spec.commandLine().getErr());
          Gateway gateway = start(opened, accessTokens)) {
        printHeader(out, gateway, accessTokens);
        stopped.await();
        out.println("Stopping the gateway ...");
        out.flush();
      }
      signal.haltIfSignalled(0);
    }
    return 0;
  }

  private void printHeader(PrintWriter out, Gateway gateway, AccessTokens accessTokens) {
    out.println("Herald gateway on " + transport);
    out.println("  Dashboard  " + gateway.uri() + "/");
    out.println("  Publish    POST " + gateway.uri() + "/topics/{topic}/events");
    out.println("  Follow     GET  " + gateway.uri() + "/topics/{topic}/stream");
    out.println("  WebSocket  " + gateway.uri().toString().replace("http", "ws") + "/ws");
    out.println("  Admin      " + gateway.uri() + "/admin/topics");
    out.println(
        "  Access     "
            + (accessTokens.isEmpty()
                ? "open to this machine (no --tokens)"
                : accessTokens.tokens().size() + " API tokens"));
    out.println("Ctrl-C stops it.");
    out.flush();
  }

  private Gateway start(Transport opened, AccessTokens accessTokens) {
    Gateway.Builder builder =
        Gateway.builder(opened)
            .host(host)
            .port(port)
            .tokens(accessTokens)
            .allowedOrigins(allowedOrigins);
    try {
      builder.webhookAllowList(webhookAllowList);
    } catch (HeraldException e) {
      throw new BadInputException("--webhooks-may-reach: " + e.getMessage(), e);
    }
    try {
      return builder.start();
    } catch (HeraldException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private static AccessTokens load(Path file) {
    try {
      return AccessTokens.load(file);
    } catch (HeraldException e) {
      throw new BadInputException("--tokens: " + e.getMessage(), e);
    }
  }
}
