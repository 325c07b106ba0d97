package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import dev.mlops.core.eval.BaselineProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regression baseline behind an alias: the holder's metrics; nothing (gate skipped) for an
 * alias unset now or a model that never had aliases; a failure for an alias that never existed.
 */
class BaselineAliasTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    f.register(MODEL, "fp-one", f.versionedData(), 3);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private BaselineProvider baseline() throws Exception {
    return f.models.baseline(MODEL);
  }

  private void promote(String alias) throws Exception {
    f.models.promote(MODEL, alias, "v1", ChampionGate.recorded(0), false);
  }

  @Test
  void baseline_aliasThatNeverExisted_failsListingTheKnownAliases() throws Exception {
    promote("production");
    promote("staging");

    assertThatThrownBy(() -> baseline().baseline("nosuchalias"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "model pets-cnn has never had an alias 'nosuchalias' (known aliases: production,"
                + " staging); compare with one of them, or promote a version to nosuchalias"
                + " first")
        .satisfies(
            e -> {
              assertThat(((InvalidInputException) e).value()).isEqualTo("nosuchalias");
              assertThat(((InvalidInputException) e).remedy())
                  .isEqualTo(Remedy.setting("compareTo"));
            });
  }

  @Test
  void baseline_aliasRemovedFromTheHead_isEmptySoTheGateIsSkipped() throws Exception {
    promote("production");
    promote("staging");
    f.registry.commit(
        "remove staging by hand",
        s ->
            Map.of(
                "models/" + MODEL + "/aliases.json",
                "{\"production\":{\"version\":1,\"history\":[]}}"
                    .getBytes(StandardCharsets.UTF_8)));

    assertThat(baseline().baseline("staging")).isEmpty();
    assertThat(baseline().baseline("production")).contains(RegistryFixture.metrics(3));
    assertThatThrownBy(() -> baseline().baseline("canary"))
        .hasMessageContaining("(known aliases: production, staging)");
  }

  @Test
  void baseline_modelWithoutAnyAliasYet_isEmptyForAnyAlias() throws Exception {
    assertThat(baseline().baseline("production")).isEmpty();
    assertThat(baseline().baseline("nosuchalias")).isEmpty();
  }
}
