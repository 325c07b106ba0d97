package dev.mlops.benchmarks;

import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.ImageLoader;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.image.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows for the training loader itself: its first (decoding) and a cached epoch. */
final class LoaderRows {
  private LoaderRows() {}

  /**
   * The training loader with default augmentation and {@code cores} workers: epoch 0 decodes and
   * resizes every image; epoch 2 (after a warm-up epoch 1) only augments and normalises the cached
   * pixels.
   */
  static List<Row> measure(String corpus, List<Path> files, int size, int cores)
      throws IOException {
    List<LabeledImage> images = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      images.add(new LabeledImage(files.get(i), files.get(i).toString(), i % 10));
    }
    long bytes = ImageDecodeBenchmark.bytes(files);
    List<Row> rows = new ArrayList<>();
    String what = corpus + ": ImageLoader batch 32, DEFAULT augmentation, " + cores + " workers";
    try (ImageLoader loader =
        new ImageLoader(
            images,
            Preprocessing.imagenet(size, 3),
            Augmentation.DEFAULT,
            32,
            true,
            42,
            cores,
            2 * cores)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        loader.resetStats();
        long start = System.nanoTime();
        loader.epoch(epoch).forEachRemaining(batch -> {});
        double seconds = (System.nanoTime() - start) / 1e9;
        if (epoch != 1) {
          String note =
              (epoch == 0 ? "epoch 0: decode + resize + augment" : "epoch 2: cached")
                  + String.format(
                      Locale.ROOT,
                      ", workers busy %.2f ms/image",
                      loader.stats().produceNanos() / 1e6 / files.size());
          rows.add(new Row(what, files.size(), bytes, seconds, note));
        }
      }
    }
    return rows;
  }
}
