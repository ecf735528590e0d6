package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterTextTest {
  @Test
  void shortError_dropsPackagesOfExceptionClasses() {
    assertThat(
            DeadLetterText.shortError(
                "gave up after 5 attempts: java.io.UncheckedIOException: x (root cause:"
                    + " java.net.ConnectException: no)"))
        .isEqualTo("UncheckedIOException: x (root cause: ConnectException: no)");
    assertThat(
            DeadLetterText.shortError(
                "gave up after 3 attempts in PT2M (maxElapsed PT2M): java.lang.IllegalStateException:"
                    + " closed"))
        .isEqualTo("IllegalStateException: closed");
    assertThat(DeadLetterText.shortError("see dev.herald.Thing and a.b.c"))
        .isEqualTo("see dev.herald.Thing and a.b.c");
  }

  @Test
  void shortError_keepsTheFirstLineCutToTheWidth() {
    String longError = "x".repeat(100) + "\nsecond line";

    assertThat(DeadLetterText.shortError(longError))
        .hasSize(DeadLetterText.ERROR_WIDTH)
        .endsWith("...")
        .doesNotContain("second");
    assertThat(DeadLetterText.shortError("one\ntwo")).isEqualTo("one");
  }
}
