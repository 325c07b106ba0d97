package dev.mlops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Json;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
  @Test
  void imagenet_rgbAndGray_haveTheTorchvisionConstants() {
    Preprocessing rgb = Preprocessing.imagenet(224, 3);
    Preprocessing gray = Preprocessing.imagenet(32, 1);

    assertThat(rgb.mean()).containsExactly(0.485f, 0.456f, 0.406f);
    assertThat(rgb.std()).containsExactly(0.229f, 0.224f, 0.225f);
    assertThat(gray.mean()).containsExactly(0.449f);
    assertThat(gray.std()).containsExactly(0.226f);
    assertThat(rgb.tensorSize()).isEqualTo(3 * 224 * 224);
  }

  @Test
  void json_roundTrip_givesAnEqualValueWithOnlyTheComponents() throws Exception {
    Preprocessing pre = Preprocessing.imagenet(64, 3);

    byte[] json = Json.canonical(pre);
    Preprocessing back = Json.mapper().readValue(json, Preprocessing.class);

    assertThat(back).isEqualTo(pre).hasSameHashCodeAs(pre);
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"channels\":3,\"inputSize\":64,\"mean\":[0.485,0.456,0.406],"
                + "\"std\":[0.229,0.224,0.225]}");
  }

  @Test
  void constructor_badValues_nameTheField() {
    float[] one = {1};
    assertThatThrownBy(() -> new Preprocessing(0, 1, one, one)).hasMessageContaining("inputSize");
    assertThatThrownBy(() -> new Preprocessing(8, 2, one, one)).hasMessageContaining("channels");
    assertThatThrownBy(() -> new Preprocessing(8, 3, one, one)).hasMessageContaining("mean");
    assertThatThrownBy(() -> new Preprocessing(8, 1, one, new float[] {0}))
        .hasMessageContaining("std");
  }

  @Test
  void mean_isACopy_soTheValueCannotChange() {
    Preprocessing pre = Preprocessing.imagenet(8, 1);

    pre.mean()[0] = 5;

    assertThat(pre.mean()).containsExactly(0.449f);
  }

  @Test
  void augmentation_defaultAndNone_haveTheIssuesValuesAndValidate() {
    assertThat(Augmentation.DEFAULT).isEqualTo(new Augmentation(0.5, 15, 0.2, 0.2, 0.2));
    assertThat(Augmentation.NONE.isNone()).isTrue();
    assertThat(Augmentation.DEFAULT.isNone()).isFalse();
    assertThatThrownBy(() -> new Augmentation(1.5, 0, 0, 0, 0))
        .hasMessageContaining("flipProbability");
    assertThatThrownBy(() -> new Augmentation(0, 0, 0, -0.1, 0)).hasMessageContaining("contrast");
  }
}
