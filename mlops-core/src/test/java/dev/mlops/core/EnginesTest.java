package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("pytorch")
class EnginesTest {

  @Test
  void pytorch_firstUse_isOfflinePyTorch() {
    Engine engine = Engines.pytorch();

    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
  }

  @Test
  void seed_sameSeed_repeatsTheDraws() {
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      Engines.seed(11);
      float[] first = manager.randomNormal(new Shape(8)).toFloatArray();
      Engines.seed(11);
      float[] second = manager.randomNormal(new Shape(8)).toFloatArray();
      Engines.seed(12);
      float[] other = manager.randomNormal(new Shape(8)).toFloatArray();

      assertThat(second).containsExactly(first);
      assertThat(other).isNotEqualTo(first);
    }
  }
}
