package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import org.junit.jupiter.api.Test;

class DriftConfigTest {
  @Test
  void builder_nothingSet_givesTheDocumentedDefaults() throws Exception {
    DriftConfig config = DriftConfig.builder().optWorkers(3).build();

    assertThat(config)
        .isEqualTo(new DriftConfig(0.05, 0.2, 0.1, 0.05, 50, 200, 42, 32, 3, 100_000_000L))
        .isEqualTo(DriftConfig.defaults(3));
  }

  @Test
  void builder_nullValues_keepDefaultsAndSetValuesWin() throws Exception {
    DriftConfig config =
        DriftConfig.builder()
            .optPValue(null)
            .optPsiThreshold(0.3)
            .optMinImages(null)
            .optPermutations(99)
            .optSeed(7L)
            .optBatchSize(8)
            .build();

    assertThat(config.pValue()).isEqualTo(0.05);
    assertThat(config.psiThreshold()).isEqualTo(0.3);
    assertThat(config.minImages()).isEqualTo(50);
    assertThat(config.permutations()).isEqualTo(99);
    assertThat(config.seed()).isEqualTo(7L);
    assertThat(config.batchSize()).isEqualTo(8);
  }

  @Test
  void build_pValueOutOfRange_namesTheFieldAndValue() {
    assertThatThrownBy(() -> DriftConfig.builder().optPValue(1.5).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("pValue is 1.5; must be in (0, 1)")
        .satisfies(
            e -> {
              assertThat(((InvalidInputException) e).value()).isEqualTo("1.5");
              assertThat(((InvalidInputException) e).remedy()).isEqualTo(Remedy.setting("pValue"));
            });
  }

  @Test
  void build_eachBadValue_namesItsField() {
    assertThatThrownBy(() -> DriftConfig.builder().optPValue(Double.NaN).build())
        .hasMessageStartingWith("pValue is NaN");
    assertThatThrownBy(() -> DriftConfig.builder().optPsiThreshold(0.05).build())
        .hasMessageStartingWith("psiThreshold is 0.05")
        .hasMessageContaining("moderate level 0.1");
    assertThatThrownBy(() -> DriftConfig.builder().optMaxAccuracyDrop(-0.1).build())
        .hasMessageStartingWith("maxAccuracyDrop is -0.1");
    assertThatThrownBy(() -> DriftConfig.builder().optMinImages(1).build())
        .hasMessageStartingWith("minImages is 1");
    assertThatThrownBy(() -> DriftConfig.builder().optPermutations(18).build())
        .hasMessageStartingWith("permutations is 18");
    assertThatThrownBy(() -> DriftConfig.builder().optBatchSize(0).build())
        .hasMessageStartingWith("batchSize is 0");
    assertThatThrownBy(() -> DriftConfig.builder().optWorkers(0).build())
        .hasMessageStartingWith("workers is 0");
  }
}
