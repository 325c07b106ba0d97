package dev.mlops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
  @TempDir Path dir;

  private static final Preprocessing PRE = Preprocessing.imagenet(16, 3);

  private static ImageLoader loader(
      List<LabeledImage> images, Augmentation aug, int batchSize, int workers, int prefetch) {
    return new ImageLoader(images, PRE, aug, batchSize, true, 42, workers, prefetch);
  }

  private static List<Batch> all(ImageLoader loader, int epoch) {
    List<Batch> batches = new ArrayList<>();
    loader.epoch(epoch).forEachRemaining(batches::add);
    return batches;
  }

  /** The labels of an epoch in delivery order; image i has label i, so this is the order. */
  private static int[] order(List<Batch> batches) {
    return batches.stream().flatMapToInt(b -> Arrays.stream(b.labels())).toArray();
  }

  private static List<Thread> threadsOf(ImageLoader loader) {
    String prefix = "mlops-loader-" + Integer.toHexString(System.identityHashCode(loader)) + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }

  @Test
  void epoch_oneOrThreeWorkers_deliverIdenticalAugmentedBatches() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 11, 20);

    try (ImageLoader one = loader(images, Augmentation.DEFAULT, 4, 1, 1);
        ImageLoader three = loader(images, Augmentation.DEFAULT, 4, 3, 3)) {
      for (int epoch = 0; epoch < 2; epoch++) {
        List<Batch> a = all(one, epoch);
        List<Batch> b = all(three, epoch);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
          assertThat(b.get(i).index()).isEqualTo(i);
          assertThat(b.get(i).labels()).containsExactly(a.get(i).labels());
          assertThat(b.get(i).pixels()).containsExactly(a.get(i).pixels());
        }
      }
    }
  }

  @Test
  void epoch_differentEpochs_visitEveryImageOnceInDifferentOrders() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 12, 16);

    try (ImageLoader loader = loader(images, Augmentation.NONE, 5, 2, 2)) {
      int[] first = order(all(loader, 0));
      int[] second = order(all(loader, 1));
      int[] firstAgain = order(all(loader, 0));

      assertThat(first).containsExactlyInAnyOrder(IntStream.range(0, 12).toArray());
      assertThat(second).containsExactlyInAnyOrder(IntStream.range(0, 12).toArray());
      assertThat(second).isNotEqualTo(first);
      assertThat(firstAgain).isEqualTo(first);
    }
  }

  @Test
  void epoch_withoutShuffle_keepsTheListOrder() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 7, 16);

    try (ImageLoader loader = new ImageLoader(images, PRE, Augmentation.NONE, 3, false, 1, 2, 2)) {
      assertThat(order(all(loader, 3))).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }
  }

  @Test
  void epoch_sizeNotAMultipleOfTheBatch_endsWithASmallerBatch() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 10, 16);

    try (ImageLoader loader = loader(images, Augmentation.NONE, 4, 2, 2)) {
      List<Batch> batches = all(loader, 0);

      assertThat(loader.batchesPerEpoch()).isEqualTo(3);
      assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
      assertThat(batches).extracting(Batch::index).containsExactly(0, 1, 2);
      assertThat(batches.get(2).pixels()).hasSize(2 * PRE.tensorSize());
    }
  }

  @Test
  void epoch_noAugmentation_givesThePreprocessorsTensors() throws Exception {
    List<LabeledImage> images = Pictures.dataset(dir, 5, 23);
    ImagePreprocessor preprocessor = new ImagePreprocessor(PRE);

    try (ImageLoader loader = loader(images, Augmentation.NONE, 2, 2, 2)) {
      for (Batch batch : all(loader, 0)) {
        for (int k = 0; k < batch.size(); k++) {
          LabeledImage image = images.get(batch.labels()[k]);
          float[] expected = preprocessor.tensor(ImagePreprocessor.read(image.file()));
          int from = k * PRE.tensorSize();
          assertThat(Arrays.copyOfRange(batch.pixels(), from, from + PRE.tensorSize()))
              .containsExactly(expected);
        }
      }
    }
  }

  @Test
  void epoch_withoutCache_givesTheSameBatchesAsWithCache() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 6, 16);

    try (ImageLoader cached = loader(images, Augmentation.DEFAULT, 4, 2, 2);
        ImageLoader uncached =
            new ImageLoader(images, PRE, Augmentation.DEFAULT, 4, true, 42, 2, 2, 0)) {
      assertThat(cached.keepsDecodedImages()).isTrue();
      assertThat(uncached.keepsDecodedImages()).isFalse();
      for (int epoch = 0; epoch < 2; epoch++) {
        List<Batch> a = all(cached, epoch);
        List<Batch> b = all(uncached, epoch);
        for (int i = 0; i < a.size(); i++) {
          assertThat(b.get(i).pixels()).containsExactly(a.get(i).pixels());
        }
      }
    }
  }

  @Test
  void epoch_augmentation_changesPixelsPerEpochAndSeed() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 4, 16);

    try (ImageLoader plain = new ImageLoader(images, PRE, Augmentation.NONE, 4, false, 42, 1, 1);
        ImageLoader augmented =
            new ImageLoader(images, PRE, Augmentation.DEFAULT, 4, false, 42, 1, 1);
        ImageLoader otherSeed =
            new ImageLoader(images, PRE, Augmentation.DEFAULT, 4, false, 43, 1, 1)) {
      float[] none = all(plain, 0).get(0).pixels();
      float[] epoch0 = all(augmented, 0).get(0).pixels();
      float[] epoch1 = all(augmented, 1).get(0).pixels();
      float[] seed43 = all(otherSeed, 0).get(0).pixels();

      assertThat(epoch0).isNotEqualTo(none);
      assertThat(epoch1).isNotEqualTo(epoch0);
      assertThat(seed43).isNotEqualTo(epoch0);
    }
  }

  @Test
  void next_undecodableImage_throwsOnTheConsumerNamingTheFile() throws IOException {
    List<LabeledImage> images = new ArrayList<>(Pictures.dataset(dir, 5, 16));
    Path broken = dir.resolve("train/c1/broken.jpg");
    Files.writeString(broken, "not a jpeg");
    images.add(new LabeledImage(broken, "train/c1/broken.jpg", 5));

    try (ImageLoader loader = loader(images, Augmentation.DEFAULT, 2, 2, 3)) {
      Iterator<Batch> epoch = loader.epoch(0);

      assertThatThrownBy(
              () -> {
                while (epoch.hasNext()) {
                  epoch.next();
                }
              })
          .isInstanceOf(LoadFailedException.class)
          .hasMessageContaining("train/c1/broken.jpg")
          .cause()
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("train/c1/broken.jpg");
    }
  }

  @Test
  void epoch_prefetch_handsWorkersAtMostThatManyBatchesAheadOfTheConsumer() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 10, 16);

    try (ImageLoader loader = loader(images, Augmentation.NONE, 1, 3, 2)) {
      EpochIterator epoch = (EpochIterator) loader.epoch(0);
      assertThat(epoch.submitted()).isEqualTo(2);
      epoch.next();
      epoch.next();
      epoch.next();
      assertThat(epoch.submitted()).isEqualTo(5);
      epoch.forEachRemaining(batch -> {});
      assertThat(epoch.submitted()).isEqualTo(10);
    }
  }

  @Test
  void close_duringAnEpoch_stopsEveryWorkerThread() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 24, 16);
    ImageLoader loader = loader(images, Augmentation.DEFAULT, 2, 3, 4);
    Iterator<Batch> epoch = loader.epoch(0);
    epoch.next();
    assertThat(threadsOf(loader)).isNotEmpty();

    loader.close();

    assertThat(threadsOf(loader)).isEmpty();
    assertThatThrownBy(epoch::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> loader.epoch(1)).isInstanceOf(IllegalStateException.class);
    loader.close();
  }

  @Test
  void epoch_startedBeforeThePreviousEnded_abandonsThePreviousOne() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 8, 16);

    try (ImageLoader loader = loader(images, Augmentation.NONE, 2, 2, 2)) {
      Iterator<Batch> first = loader.epoch(0);
      first.next();
      List<Batch> second = all(loader, 1);

      assertThat(second).hasSize(4);
      assertThatThrownBy(first::next).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void stats_fullEpoch_countBatchesImagesAndWorkerTime() throws IOException {
    List<LabeledImage> images = Pictures.dataset(dir, 7, 16);

    try (ImageLoader loader = loader(images, Augmentation.DEFAULT, 3, 2, 2)) {
      all(loader, 0);
      LoaderStats stats = loader.stats();

      assertThat(stats.batches()).isEqualTo(3);
      assertThat(stats.images()).isEqualTo(7);
      assertThat(stats.produceNanos()).isPositive();
      assertThat(stats.waitNanos()).isNotNegative();
      loader.resetStats();
      assertThat(loader.stats()).isEqualTo(new LoaderStats(0, 0, 0, 0));
    }
  }

  @Test
  void constructor_nonPositiveSizes_nameTheParameter() {
    assertThatThrownBy(() -> loader(List.of(), Augmentation.NONE, 0, 1, 1))
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> loader(List.of(), Augmentation.NONE, 1, 0, 1))
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> loader(List.of(), Augmentation.NONE, 1, 1, 0))
        .hasMessageContaining("prefetchBatches");
  }
}
