package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Percentiles, throughput and the benchmark configuration's checks: exact, no engine. */
class LatencyStatsTest {
  private static final long MS = 1_000_000;

  @Test
  void of_oneToHundredMs_nearestRankPercentiles() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * MS; // unsorted on purpose
    }

    LatencyStats stats = LatencyStats.of(1, nanos);

    assertThat(stats.iterations()).isEqualTo(100);
    assertThat(stats.p50Ms()).isEqualTo(50.0);
    assertThat(stats.p90Ms()).isEqualTo(90.0);
    assertThat(stats.p99Ms()).isEqualTo(99.0);
    assertThat(stats.meanMs()).isEqualTo(50.5);
    assertThat(stats.minMs()).isEqualTo(1.0);
    assertThat(stats.maxMs()).isEqualTo(100.0);
  }

  @Test
  void of_fiveCalls_p90AndP99AreTheSlowest() {
    LatencyStats stats = LatencyStats.of(1, new long[] {5 * MS, MS, 4 * MS, 2 * MS, 3 * MS});

    assertThat(stats.p50Ms()).isEqualTo(3.0);
    assertThat(stats.p90Ms()).isEqualTo(5.0);
    assertThat(stats.p99Ms()).isEqualTo(5.0);
    assertThat(stats.meanMs()).isEqualTo(3.0);
  }

  @Test
  void of_noCalls_isRejected() {
    assertThatThrownBy(() -> LatencyStats.of(1, new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void throughput_imagesPerSecond_isBatchTimesCallsOverSeconds() {
    ThroughputStats stats = ThroughputStats.of(32, 10, 2_000_000_000L);

    assertThat(stats.seconds()).isEqualTo(2.0);
    assertThat(stats.imagesPerSecond()).isEqualTo(160.0);
  }

  @Test
  void config_defaults_areBatchOneAndThirtyTwoOnAllCores() throws Exception {
    BenchmarkConfig config = BenchmarkConfig.builder().build();

    assertThat(config.throughputBatch()).isEqualTo(32);
    assertThat(config.iterations()).isEqualTo(50);
    assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void config_zeroIterations_failsNamingFieldAndValue() {
    assertThatThrownBy(() -> BenchmarkConfig.builder().optIterations(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("iterations is '0'")
        .hasMessageContaining("[1,1000000]");
  }

  @Test
  void config_negativeBudget_failsNamingTheField() {
    assertThatThrownBy(() -> BenchmarkConfig.builder().optTimeBudgetSeconds(-1.0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("timeBudgetSeconds");
  }
}
