package dev.herald.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.Codec;
import dev.herald.core.EventType;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads a recorded corpus holding every schema version of one event type, through the upcasters,
 * and gets the current record from each.
 */
class UpcastingCorpusTest {
  /** Version 3: the cart and item renamed in 2, the price as whole cents in 3. */
  @EventType(name = "example.cart.item-added", version = 3, key = "cartId")
  record ItemAdded(String cartId, String sku, long cents) {}

  /** 1 → 2: {@code cart} and {@code item} became {@code cartId} and {@code sku}. */
  static final Upcaster RENAME =
      new Upcaster() {
        @Override
        public String type() {
          return "example.cart.item-added";
        }

        @Override
        public int fromVersion() {
          return 1;
        }

        @Override
        public ObjectNode upcast(ObjectNode data) {
          data.set("cartId", data.remove("cart"));
          data.set("sku", data.remove("item"));
          return data;
        }
      };

  /** 2 → 3: the price in dollars as text became whole cents. */
  static final Upcaster CENTS =
      new Upcaster() {
        @Override
        public String type() {
          return "example.cart.item-added";
        }

        @Override
        public int fromVersion() {
          return 2;
        }

        @Override
        public ObjectNode upcast(ObjectNode data) {
          BigDecimal dollars = new BigDecimal(data.remove("price").asText());
          data.put("cents", dollars.movePointRight(2).longValueExact());
          return data;
        }
      };

  private final EventTypes types = new EventTypes();

  UpcastingCorpusTest() {
    types.register(ItemAdded.class);
  }

  private TypedEvents typed(Upcaster... upcasters) {
    return new TypedEvents(types, Codec.json(), List.of(upcasters));
  }

  @Test
  void everyRecordedVersion_readsAsTheCurrentRecord() throws IOException {
    List<RecordedEvent> corpus = corpus();
    assertThat(corpus)
        .extracting(e -> e.metadata().get(TypedEvents.SCHEMA_VERSION))
        .containsExactly("1", "1", "2", "3");

    TypedEvents typed = typed(RENAME, CENTS);

    assertThat(corpus.stream().map(typed::decode).toList())
        .containsExactly(
            new ItemAdded("c-1", "sku-1", 499),
            new ItemAdded("c-2", "sku-2", 1000),
            new ItemAdded("c-3", "sku-3", 50),
            new ItemAdded("c-4", "sku-4", 1250));
  }

  @Test
  void writtenEvents_carryTheCurrentSchemaVersion_andReadBackUnchanged() {
    TypedEvents typed = typed(RENAME, CENTS);
    NewEvent written = typed.encode(new ItemAdded("c-9", "sku-9", 7), Map.of());

    assertThat(written.metadata())
        .containsEntry(TypedEvents.SCHEMA_VERSION, "3")
        .containsEntry("partitionkey", "c-9");
    assertThat(typed.decode(recorded(written.type(), written.data(), written.metadata())))
        .isEqualTo(new ItemAdded("c-9", "sku-9", 7));
  }

  @Test
  void aMissingStep_orAVersionNewerThanTheCode_isAClearError() throws IOException {
    RecordedEvent v1 = corpus().get(0);
    assertThatThrownBy(() -> typed(CENTS).decode(v1))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("schema version 1 and no upcaster takes it to 2");

    RecordedEvent v4 =
        recorded(
            "example.cart.item-added",
            "{}".getBytes(StandardCharsets.UTF_8),
            Map.of(TypedEvents.SCHEMA_VERSION, "4"));
    assertThatThrownBy(() -> typed(RENAME, CENTS).decode(v4))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("newer than this code's 3");

    assertThatThrownBy(() -> typed(RENAME, RENAME))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("two upcasters");
  }

  private List<RecordedEvent> corpus() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<RecordedEvent> events = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/upcasting/item-added.jsonl");
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        JsonNode entry = json.readTree(line);
        events.add(
            recorded(
                "example.cart.item-added",
                json.writeValueAsBytes(entry.get("data")),
                Map.of(TypedEvents.SCHEMA_VERSION, entry.get("schemaversion").asText())));
      }
    }
    return events;
  }

  private static RecordedEvent recorded(String type, byte[] data, Map<String, String> metadata) {
    return new RecordedEvent(
        "cart-1",
        0,
        0,
        java.util.UUID.randomUUID().toString(),
        type,
        data,
        metadata,
        Instant.EPOCH);
  }
}
