package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Settings are checked where they are set, naming the setting and the accepted values. */
class ServeConfigTest {
  @Test
  void defaults_areThoseOfMvnMlopsServe() {
    ServeConfig config =
        ServeConfig.builder()
            .storeRoot(Path.of("store"))
            .modelName("m")
            .modelDirectory(Path.of("target/mlops/model"))
            .build();

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.loopbackOnly()).isTrue();
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.maxBatchSize()).isEqualTo(32);
    assertThat(config.maxBatchDelay().toMillis()).isEqualTo(5);
    assertThat(config.maxBytes()).isEqualTo(20L * 1024 * 1024);
    assertThat(config.pollInterval().toSeconds()).isEqualTo(10);
    assertThat(config.metricsNamespace()).isEqualTo("mlops");
    assertThat(config.runtime()).isEqualTo(ServeConfig.Runtime.FP32);
    assertThat(config.keepImages()).isFalse();
    assertThat(config.storeFeatures()).isFalse();
  }

  @Test
  void runnableJar_storeFeatures_setsTheSetting() throws Exception {
    Main main = new Main();
    new CommandLine(main).parseArgs("--model", "m", "--model-dir", "model", "--store-features");

    assertThat(main.config().storeFeatures()).isTrue();
  }

  @Test
  void badValues_nameTheSettingAndTheRange() {
    assertThatThrownBy(() -> ServeConfig.builder().maxBatchSize(0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("maxBatchSize is 0; use a value from 1 to 4096");
    assertThatThrownBy(() -> ServeConfig.builder().port(70000))
        .hasMessageContaining("port is 70000");
    assertThatThrownBy(() -> ServeConfig.builder().metricsNamespace("9bad-name"))
        .hasMessageContaining("metricsNamespace '9bad-name' is not a Prometheus name");
    assertThatThrownBy(() -> ServeConfig.Runtime.parse("gpu"))
        .hasMessageContaining("runtime 'gpu' is not known: use fp32 (model.onnx) or int8");
  }

  @Test
  void hostBeyondLoopback_isNotLoopbackOnly() {
    ServeConfig.Builder builder =
        ServeConfig.builder()
            .storeRoot(Path.of("store"))
            .modelName("m")
            .modelDirectory(Path.of("model"));

    assertThat(builder.host("0.0.0.0").build().loopbackOnly()).isFalse();
    assertThat(builder.host("localhost").build().loopbackOnly()).isTrue();
  }

  @Test
  void runnableJar_badRuntime_exitsWith2AndSaysWhy() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code =
          new CommandLine(new Main())
              .execute("--model", "m", "--model-dir", "nowhere", "--runtime", "gpu");
    } finally {
      System.setErr(old);
    }

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("runtime 'gpu' is not known");
  }
}
