package dev.herald.cli;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK of a command, made only when {@value #ENDPOINT} is set: spans then go by
 * OTLP to that endpoint, configured by the standard {@code OTEL_*} variables (protocol {@code
 * http/protobuf} unless {@code OTEL_EXPORTER_OTLP_PROTOCOL} says otherwise, {@code
 * OTEL_SERVICE_NAME}, {@code OTEL_EXPORTER_OTLP_HEADERS}, sampling, ...). Only traces are exported;
 * metrics go to {@code --metrics-port}. {@link #close()} sends what is still buffered.
 */
final class Telemetry implements AutoCloseable {
  /** The standard variable that turns OTLP export on. */
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  private static final String[] PROTOCOLS = {
    "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
  };

  private final OpenTelemetrySdk sdk;
  private final String endpoint;

  private Telemetry(OpenTelemetrySdk sdk, String endpoint) {
    this.sdk = sdk;
    this.endpoint = endpoint;
  }

  /**
   * The SDK configured by {@code environment}'s {@code OTEL_*} variables (the process's own take
   * precedence), named {@code serviceName} unless {@code OTEL_SERVICE_NAME} is set; empty if
   * {@value #ENDPOINT} is not set.
   *
   * @throws BadInputException if the variables are invalid
   */
  static Optional<Telemetry> fromEnvironment(Map<String, String> environment, String serviceName) {
    String endpoint = environment.getOrDefault(ENDPOINT, "").strip();
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    check(environment);
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", serviceName);
    properties.put("otel.traces.exporter", "otlp");
    // The SDK's own default is grpc, which needs OkHttp or gRPC; the spec's default suits the JDK.
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_")) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> properties)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
      return Optional.of(new Telemetry(sdk, endpoint));
    } catch (RuntimeException e) {
      throw new BadInputException(
          "the OTEL_* environment variables do not configure OpenTelemetry: "
              + e.getMessage()
              + "; fix them, or unset "
              + ENDPOINT
              + " to run without tracing",
          e);
    }
  }

  /**
   * Refuses settings this build cannot honour: spans go over HTTP (the JDK's client), so the {@code
   * grpc} protocol is out.
   *
   * @throws BadInputException naming the variable and what to set instead
   */
  static void check(Map<String, String> environment) {
    for (String variable : PROTOCOLS) {
      String protocol = environment.getOrDefault(variable, "").strip();
      if (!protocol.isEmpty() && !protocol.equals("http/protobuf")) {
        throw new BadInputException(
            variable
                + "="
                + protocol
                + " is not supported; Herald sends spans over http/protobuf (the default, usually"
                + " port 4318): unset "
                + variable
                + " or set it to http/protobuf");
      }
    }
  }

  /** What the buses trace through. */
  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Where spans go. */
  String endpoint() {
    return endpoint;
  }

  /**
   * Sends the spans still buffered, waiting up to 5 s, and shuts the SDK down. Spans that cannot be
   * sent are reported by the exporter's own log, not here: they never fail the command.
   */
  @Override
  public void close() {
    sdk.shutdown().join(5, TimeUnit.SECONDS);
  }
}
