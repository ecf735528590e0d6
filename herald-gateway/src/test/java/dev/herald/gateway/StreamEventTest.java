package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamEventTest {
  @Test
  void sse_isOneMessageWithTheCursorAsIdAndTheJsonAsData() {
    StreamEvent event =
        new StreamEvent(1, 6, Cursor.of(Map.of(0, 3L, 1, 7L)), "{\"id\":\"e-1\",\"x\":\"é\"}");

    assertThat(new String(event.sse(), StandardCharsets.UTF_8))
        .isEqualTo("id: 0:3,1:7\nevent: message\ndata: {\"id\":\"e-1\",\"x\":\"é\"}\n\n");
    assertThat(event.sse()).as("made once, then shared").isSameAs(event.sse());
  }

  @Test
  void sse_dataWithLineBreaks_becomesOneDataLineEach() {
    StreamEvent event = new StreamEvent(0, 0, Cursor.of(Map.of(0, 1L)), "a\nb\r\nc\rd");

    assertThat(new String(event.sse(), StandardCharsets.UTF_8))
        .isEqualTo("id: 0:1\nevent: message\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  }
}
