package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.ValidationConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidateJobArgsTest {
  @Test
  void config_everySetting_reachesTheCoreConfig() throws Exception {
    String[] args = {
      "--master", "local[2]",
      "--data", "/data/images",
      "--output", "/out/validation.json",
      "--classes", "cat, dog",
      "--maxPixels", "1000",
      "--maxImbalance", "2.5",
      "--failOnImbalance", "true",
      "--nearDuplicateDistance", "6",
      "--minWidth", "16",
      "--minHeight", "12",
      "--disabledChecks", "channels,min-size",
      "--splitFractions", "0.7,0.2,0.1",
      "--splitSeed", "7",
      "--hashCache", "/cache/hash-cache.tsv",
      "--partitions", "64"
    };

    ValidateJobConfig config = ValidateJobArgs.config(ValidateJobArgs.parse(args));

    assertThat(config)
        .isEqualTo(
            new ValidateJobConfig(
                Path.of("/data/images"),
                Path.of("/out/validation.json"),
                new SplitPolicy(0.7, 0.2, 0.1, 7),
                Path.of("/cache/hash-cache.tsv"),
                ValidationConfig.builder()
                    .optClasses(List.of("cat", "dog"))
                    .optMaxPixels(1000L)
                    .optMaxImbalance(2.5)
                    .optFailOnImbalance(true)
                    .optNearDuplicateDistance(6)
                    .optMinWidth(16)
                    .optMinHeight(12)
                    .optDisabledChecks(Set.of("channels", "min-size"))
                    .build(),
                64));
  }

  @Test
  void config_onlyRequired_usesTheCoreDefaults() throws Exception {
    ValidateJobConfig config =
        ValidateJobArgs.config(
            ValidateJobArgs.parse(new String[] {"--data", "d", "--output", "o"}));

    assertThat(config)
        .isEqualTo(ValidateJobConfig.of(Path.of("d"), Path.of("o"), ValidationConfig.defaults()));
  }

  @Test
  void config_badValues_nameTheSetting() {
    assertThatThrownBy(
            () ->
                ValidateJobArgs.config(
                    ValidateJobArgs.parse(
                        new String[] {"--data", "d", "--output", "o", "--minWidth", "wide"})))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--minWidth is 'wide'");
    assertThatThrownBy(
            () ->
                ValidateJobArgs.config(
                    ValidateJobArgs.parse(
                        new String[] {
                          "--data", "d", "--output", "o", "--disabledChecks", "color"
                        })))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("disabledChecks");
    assertThatThrownBy(
            () ->
                ValidateJobArgs.parse(new String[] {"--data", "d", "--data", "e", "--output", "o"}))
        .hasMessageContaining("--data is given twice");
  }
}
