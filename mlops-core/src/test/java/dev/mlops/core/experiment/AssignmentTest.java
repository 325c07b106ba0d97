package dev.mlops.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssignmentTest {
  private static Experiment experiment(String name, double traffic) {
    return new Experiment(
        name,
        "m",
        Experiment.RUNNING,
        ExperimentMode.SPLIT,
        traffic,
        new Variant(1, "production"),
        new Variant(2, "v2"),
        null,
        null,
        0.05,
        0.05,
        "2026-12-05T00:00:00Z",
        "a",
        null,
        null,
        null,
        null);
  }

  @Test
  void variant_tenThousandUsers_splitWithinBinomialTolerance() {
    for (double traffic : new double[] {0.5, 0.1, 0.9}) {
      Experiment e = experiment("split-" + traffic, traffic);
      int treated = 0;
      int n = 10_000;
      for (int u = 0; u < n; u++) {
        if (Assignment.variant(e, "user-" + u).equals(Assignment.TREATMENT)) {
          treated++;
        }
      }
      // 4 standard deviations of Binomial(n, traffic): fails by chance about once in 16,000 runs,
      // and the users are fixed, so it either always passes or always fails.
      double tolerance = 4 * Math.sqrt(n * traffic * (1 - traffic));
      assertThat((double) treated)
          .isCloseTo(n * traffic, org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  @Test
  void bucket_isAPureFunctionOfExperimentAndUser() {
    assertThat(Assignment.bucket("exp", "alice")).isEqualTo(Assignment.bucket("exp", "alice"));
    // Pinned: a change of the hash would silently move every running experiment's users.
    assertThat(Assignment.bucket("exp", "alice")).isEqualTo(EXPECTED_ALICE);
    int differs = 0;
    for (int u = 0; u < 100; u++) {
      if (Assignment.bucket("exp-a", "u" + u) != Assignment.bucket("exp-b", "u" + u)) {
        differs++;
      }
    }
    assertThat(differs).as("experiments assign independently").isGreaterThan(95);
  }

  /**
   * From Python: {@code int.from_bytes(hashlib.sha256(b'exp\x00alice').digest()[:8], 'big') %
   * 10000}.
   */
  private static final int EXPECTED_ALICE = 9426;
}
