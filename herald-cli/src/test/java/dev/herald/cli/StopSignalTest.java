package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs({OS.LINUX, OS.MAC})
class StopSignalTest {
  @Test
  void aSecondCtrlCEndsAShutdownThatWouldOtherwiseWaitOutItsGracePeriod() throws Exception {
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StopSignalProbe.class.getName())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("running");
      signal(probe, "INT");
      assertThat(out.readLine()).isEqualTo("stopping");
      // The first Ctrl-C started a graceful stop that never ends (its grace period is 20 s).
      assertThat(probe.waitFor(1, TimeUnit.SECONDS)).isFalse();

      signal(probe, "INT");

      assertThat(probe.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(probe.exitValue()).isEqualTo(StopSignal.FORCED);
      assertThat(new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("Stopped at once (second signal)");
    } finally {
      probe.destroyForcibly();
    }
  }

  private static void signal(Process process, String name)
      throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder(List.of("kill", "-" + name, Long.toString(process.pid()))).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
