package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("pytorch")
class ComputeThreadsTest {
  @Test
  void engine_loadedEngine_switchesToTheRequestedCount() {
    ComputeThreads.engine(1);
    assertThat(ComputeThreads.current()).isEqualTo(1);

    ComputeThreads.engine(2);
    assertThat(ComputeThreads.current()).isEqualTo(2);
    assertThat(System.getProperty(ComputeThreads.PROPERTY)).isEqualTo("2");
  }
}
