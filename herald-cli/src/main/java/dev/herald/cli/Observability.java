package dev.herald.cli;

import dev.herald.core.EventBus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics and tracing for the services a command runs: a Prometheus registry served on {@code
 * --metrics-port} if one was given, and an OpenTelemetry SDK per service (so each shows as its own
 * service in a trace) if {@link Telemetry#ENDPOINT} is set. Without either it changes nothing.
 * Thread-safe; close it after the services.
 */
final class Observability implements AutoCloseable {
  private final Optional<PrometheusMeterRegistry> registry;
  private final Optional<MetricsServer> server;
  private final Map<String, String> environment;
  private final boolean tracing;
  private final Map<String, Telemetry> telemetry = new LinkedHashMap<>();

  private Observability(
      Optional<PrometheusMeterRegistry> registry,
      Optional<MetricsServer> server,
      Map<String, String> environment) {
    this.registry = registry;
    this.server = server;
    this.environment = Map.copyOf(environment);
    this.tracing = !environment.getOrDefault(Telemetry.ENDPOINT, "").isBlank();
  }

  /**
   * Starts serving metrics on {@code metricsPort}, if given, and traces if {@code environment} asks
   * for it.
   *
   * @throws BadInputException if the port is taken or the {@code OTEL_*} variables ask for what
   *     Herald cannot do
   */
  static Observability open(Optional<Integer> metricsPort, Map<String, String> environment) {
    if (!environment.getOrDefault(Telemetry.ENDPOINT, "").isBlank()) {
      Telemetry.check(environment);
    }
    Optional<PrometheusMeterRegistry> registry =
        metricsPort.map(p -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    try {
      Optional<MetricsServer> server =
          metricsPort.map(port -> MetricsServer.start(port, registry.orElseThrow()));
      return new Observability(registry, server, environment);
    } catch (RuntimeException e) {
      registry.ifPresent(PrometheusMeterRegistry::close);
      throw e;
    }
  }

  /** Gives {@code builder}, the bus of {@code service}, the registry and a tracer, if any. */
  EventBus.Builder configure(EventBus.Builder builder, String service) {
    registry.ifPresent(builder::meterRegistry);
    if (tracing) {
      builder.openTelemetry(telemetry(service).openTelemetry());
    }
    return builder;
  }

  private synchronized Telemetry telemetry(String service) {
    Telemetry made = telemetry.get(service);
    if (made == null) {
      made = Telemetry.fromEnvironment(environment, service).orElseThrow();
      telemetry.put(service, made);
    }
    return made;
  }

  /** Lines for the command's header: where metrics are served and where traces go. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    server.ifPresent(s -> lines.add("Metrics (Prometheus text): " + s.url()));
    if (tracing) {
      lines.add("Traces (OTLP): " + environment.get(Telemetry.ENDPOINT).strip());
    }
    return lines;
  }

  /** Sends the spans still buffered, then stops serving metrics. */
  @Override
  public synchronized void close() {
    telemetry.values().forEach(Telemetry::close);
    server.ifPresent(MetricsServer::close);
    registry.ifPresent(PrometheusMeterRegistry::close);
  }
}
