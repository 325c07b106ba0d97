package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer of served images' image-stats never blocks a request: while the store is busy (held
 * here by the test) the queue fills and the rest is dropped and counted, and every image offered is
 * either stored with the values drift computes or counted as dropped.
 */
class FeatureWriterTest {
  @TempDir Path store;

  private static ServingMetrics metrics() {
    return new ServingMetrics("t", () -> 0, () -> null, () -> 0);
  }

  private static BufferedImage image(int i, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, i * 7919);
    return image;
  }

  private static String sha(int i) {
    return String.format(Locale.ROOT, "%064x", i);
  }

  private static double value(ServingMetrics metrics, String line) {
    for (String l :
        new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return 0;
  }

  @Test
  void offer_storeBusy_dropsAndCountsWithoutBlockingThenStoresTheRest() throws Exception {
    ServingMetrics metrics = metrics();
    List<BufferedImage> images = new ArrayList<>();
    try (FeatureStore features = FeatureStore.open(store)) {
      FeatureWriter writer = new FeatureWriter(features, metrics, ServerLog.of(Progress.NONE));
      long start = System.nanoTime();
      synchronized (features) {
        for (int i = 0; i < 200; i++) {
          images.add(image(i, 4));
          writer.offer(sha(i), images.get(i));
        }
      }
      double offerMillis = (System.nanoTime() - start) / 1e6;
      writer.close();

      double dropped = value(metrics, "t_features_dropped_total{reason=\"queue_full\"}");
      double stored = value(metrics, "t_features_stored_total");
      assertThat(dropped).isGreaterThanOrEqualTo(200 - FeatureWriter.CAPACITY - 32);
      assertThat(stored + dropped).isEqualTo(200);
      assertThat(features.count(FeatureView.IMAGE_STATS)).isEqualTo((long) stored);
      for (int i = 0; i < 200; i++) {
        BufferedImage image = images.get(i);
        features
            .get(FeatureView.IMAGE_STATS, sha(i))
            .ifPresent(v -> assertThat(v).containsExactly(ImageFeatures.of(image)));
      }
      assertThat(offerMillis).as("offers never wait for the store").isLessThan(5_000);
    }
  }

  @Test
  void offer_pixelsOverTheBound_dropsUnlessTheQueueIsEmpty() throws Exception {
    ServingMetrics metrics = metrics();
    try (FeatureStore features = FeatureStore.open(store)) {
      FeatureWriter writer = new FeatureWriter(features, metrics, ServerLog.of(Progress.NONE), 100);
      synchronized (features) {
        writer.offer(sha(1), image(1, 20)); // 400 pixels: over the bound, but alone
        writer.offer(sha(2), image(2, 4)); // 16 more: over the bound, dropped
        writer.offer(sha(3), image(3, 2)); // still over, dropped
      }
      writer.close();

      assertThat(value(metrics, "t_features_dropped_total{reason=\"queue_full\"}")).isEqualTo(2);
      assertThat(value(metrics, "t_features_stored_total")).isEqualTo(1);
      assertThat(features.get(FeatureView.IMAGE_STATS, sha(1))).isPresent();
    }
  }
}
