package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.spi.Transport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans across services: each service has its own tracer provider, as separate processes would, so
 * the only link between their spans is the trace context in the envelope.
 */
class BusTracingTest {
  @EventType(name = "test.trace.order.paid", key = "orderId")
  record OrderPaid(String orderId) {}

  @EventType(name = "test.trace.shipment.created", key = "orderId")
  record ShipmentCreated(String orderId) {}

  static final String ORDERS = "test.trace.order";
  static final String SHIPMENTS = "test.trace.shipment";
  static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

  private final Transport transport = Transports.memory();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final Semaphore ended = new Semaphore(0);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    transport.close();
  }

  /** One service's OpenTelemetry: its own provider, exporting to the shared in-memory exporter. */
  private OpenTelemetry otel() {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                SpanProcessor.composite(SimpleSpanProcessor.create(exporter), new EndCounter()))
            .build();
    closing.add(provider);
    return OpenTelemetrySdk.builder().setTracerProvider(provider).build();
  }

  private EventBus bus(String service, OpenTelemetry otel) {
    EventBus.Builder builder = EventBus.builder(service).transport(transport);
    if (otel != null) {
      builder.openTelemetry(otel);
    }
    EventBus bus =
        builder
            .retry(RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(1)).build())
            .build();
    closing.add(bus);
    return bus;
  }

  /** Waits until {@code count} spans more have ended, and returns all ended so far. */
  private List<SpanData> spans(int count) throws InterruptedException {
    assertThat(ended.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%s spans ended", count).isTrue();
    return exporter.getFinishedSpanItems();
  }

  private static SpanData named(List<SpanData> spans, String name) {
    List<SpanData> matching = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(matching).as(name).hasSize(1);
    return matching.get(0);
  }

  @Test
  void spans_linkParentToChildAcrossThreeServices() throws Exception {
    BlockingQueue<Envelope> audited = new LinkedBlockingQueue<>();
    EventBus shipping = bus("shipping", otel());
    shipping.on(
        OrderPaid.class, (paid, context) -> context.publish(new ShipmentCreated(paid.orderId())));
    EventBus audit = bus("audit", otel());
    audit.on(ShipmentCreated.class, (created, context) -> audited.add(context.envelope()));
    shipping.start();
    audit.start();

    Position paid = bus("orders", otel()).publish(new OrderPaid("o-7"));
    Envelope shipment = ObservedTransport.take(audited, "the shipment");
    List<SpanData> spans = spans(4);

    SpanData publishPaid = named(spans, "publish " + ORDERS);
    SpanData processPaid = named(spans, "process " + ORDERS);
    SpanData publishShipment = named(spans, "publish " + SHIPMENTS);
    SpanData processShipment = named(spans, "process " + SHIPMENTS);
    assertThat(spans).hasSize(4);
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(publishPaid.getTraceId());
    assertThat(publishPaid.getParentSpanContext().isValid()).as("a new trace").isFalse();
    assertThat(processPaid.getParentSpanId()).isEqualTo(publishPaid.getSpanId());
    assertThat(processPaid.getParentSpanContext().isRemote()).isTrue();
    assertThat(publishShipment.getParentSpanId()).isEqualTo(processPaid.getSpanId());
    assertThat(processShipment.getParentSpanId()).isEqualTo(publishShipment.getSpanId());

    assertThat(List.of(publishPaid.getKind(), processPaid.getKind()))
        .containsExactly(SpanKind.PRODUCER, SpanKind.CONSUMER);
    Envelope paidEnvelope = read(paid);
    assertThat(paidEnvelope.extension(Envelope.TRACEPARENT))
        .hasValueSatisfying(t -> assertThat(t).matches(TRACEPARENT))
        .contains(traceparent(publishPaid));
    assertThat(shipment.extension(Envelope.TRACEPARENT)).contains(traceparent(publishShipment));

    assertThat(publishPaid.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("messaging.system"), "herald")
        .containsEntry(AttributeKey.stringKey("messaging.operation.type"), "send")
        .containsEntry(AttributeKey.stringKey("messaging.destination.name"), ORDERS)
        .containsEntry(AttributeKey.stringKey("messaging.message.id"), paidEnvelope.id());
    assertThat(processPaid.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("messaging.system"), "herald")
        .containsEntry(AttributeKey.stringKey("messaging.operation.type"), "process")
        .containsEntry(AttributeKey.stringKey("messaging.destination.name"), ORDERS)
        .containsEntry(
            AttributeKey.stringKey("messaging.destination.partition.id"),
            Integer.toString(paid.partition()))
        .containsEntry(AttributeKey.stringKey("messaging.consumer.group.name"), "shipping")
        .containsEntry(AttributeKey.stringKey("messaging.message.id"), paidEnvelope.id())
        .containsEntry(AttributeKey.stringKey("cloudevents.event_type"), "test.trace.order.paid");
    assertThat(processShipment.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("messaging.consumer.group.name"), "audit")
        .containsEntry(AttributeKey.stringKey("messaging.message.id"), shipment.id())
        .containsEntry(
            AttributeKey.stringKey("messaging.message.conversation_id"), paidEnvelope.id());
  }

  @Test
  void publish_isAChildOfTheCallersSpan_andTracestateTravelsAlong() throws Exception {
    BlockingQueue<Envelope> handled = new LinkedBlockingQueue<>();
    EventBus shipping = bus("shipping", otel());
    shipping.on(OrderPaid.class, (paid, context) -> handled.add(context.envelope()));
    shipping.start();
    SpanContext caller =
        SpanContext.createFromRemoteParent(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.builder().put("shop", "web-1").build());

    EventBus orders = bus("orders", otel());
    try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
      orders.publish(new OrderPaid("o-1"));
    }
    Envelope envelope = ObservedTransport.take(handled, "the event");
    List<SpanData> spans = spans(2);

    SpanData publish = named(spans, "publish " + ORDERS);
    SpanData process = named(spans, "process " + ORDERS);
    assertThat(publish.getTraceId()).isEqualTo(caller.getTraceId());
    assertThat(publish.getParentSpanId()).isEqualTo(caller.getSpanId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(envelope.extension(BusTracing.TRACESTATE)).contains("shop=web-1");
    assertThat(process.getSpanContext().getTraceState().get("shop")).isEqualTo("web-1");
  }

  @Test
  void serviceWithoutTracing_passesTheTraceOnUnbroken() throws Exception {
    BlockingQueue<Envelope> audited = new LinkedBlockingQueue<>();
    EventBus shipping = bus("shipping", null);
    shipping.on(
        OrderPaid.class, (paid, context) -> context.publish(new ShipmentCreated(paid.orderId())));
    EventBus audit = bus("audit", otel());
    audit.on(ShipmentCreated.class, (created, context) -> audited.add(context.envelope()));
    shipping.start();
    audit.start();

    Envelope paid = read(bus("orders", otel()).publish(new OrderPaid("o-2")));
    Envelope shipment = ObservedTransport.take(audited, "the shipment");
    List<SpanData> spans = spans(2);

    SpanData publishPaid = named(spans, "publish " + ORDERS);
    SpanData processShipment = named(spans, "process " + SHIPMENTS);
    assertThat(shipment.extension(Envelope.TRACEPARENT))
        .isEqualTo(paid.extension(Envelope.TRACEPARENT));
    assertThat(processShipment.getTraceId()).isEqualTo(publishPaid.getTraceId());
    assertThat(processShipment.getParentSpanId()).isEqualTo(publishPaid.getSpanId());
  }

  @Test
  void processSpan_recordsFailedAttempts_andADeadLetterAsAnError() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    EventBus shipping = bus("shipping", otel());
    shipping.on(
        OrderPaid.class,
        (paid, context) -> {
          int call = calls.incrementAndGet();
          if (paid.orderId().equals("poison") || call == 1) {
            throw new IllegalStateException("attempt " + call + " failed");
          }
        });
    shipping.start();
    EventBus orders = bus("orders", null);
    orders.publish(new OrderPaid("flaky"));
    List<SpanData> first = spans(1);
    orders.publish(new OrderPaid("poison"));
    List<SpanData> both = spans(1);

    SpanData flaky = first.get(0);
    SpanData poison = both.get(1);
    assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(flaky.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(flaky.getEvents().get(0).getAttributes().get(ProcessSpan.ATTEMPT)).isEqualTo(1L);
    assertThat(poison.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(poison.getAttributes().get(ProcessSpan.DEAD_LETTER_REASON))
        .isEqualTo("retries-exhausted");
    assertThat(poison.getEvents()).hasSize(2);
    assertThat(poison.getParentSpanContext().isValid())
        .as("the publisher had no tracing and no current span")
        .isFalse();
  }

  private static String traceparent(SpanData span) {
    SpanContext context = span.getSpanContext();
    return "00-"
        + context.getTraceId()
        + "-"
        + context.getSpanId()
        + "-"
        + context.getTraceFlags().asHex();
  }

  /** The envelope stored at {@code position}. */
  private Envelope read(Position position) {
    return TopicReader.readAll(transport, position.topic(), java.time.Clock.systemUTC()).stream()
        .filter(d -> d.position().equals(position))
        .findFirst()
        .orElseThrow()
        .envelope();
  }

  /** Counts ended spans, after the exporter has them. */
  private final class EndCounter implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended.release();
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
