package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDuplicatesCheckTest {
  @TempDir Path dir;

  @Test
  void run_reencodedCopyInAnotherSplit_warnsNamingBoth() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.jpeg(dir, "val/cat/a.jpg", TestImages.pattern(1));
    TestImages.png(dir, "val/cat/b.png", TestImages.pattern(2));

    List<Finding> findings = new NearDuplicatesCheck(4).run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.files()).hasSize(1);
    assertThat(f.files().get(0))
        .matches("train/cat/a\\.png ~ val/cat/a\\.jpg \\(distance [0-4]\\)");
    assertThat(f.message())
        .startsWith("1 image pair in train and val look alike (perceptual hash distance")
        .contains("<= nearDuplicateDistance 4): possible leakage");
  }

  @Test
  void run_nearDuplicatesInOneSplit_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.jpeg(dir, "train/dog/a.jpg", TestImages.pattern(1));

    assertThat(new NearDuplicatesCheck(4).run(TestImages.context(dir))).isEmpty();
  }

  @Test
  void run_exactCopyAcrossSplits_isLeftToTheLeakageCheck() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.copy(dir, "train/cat/a.png", "test/cat/a.png");

    assertThat(new NearDuplicatesCheck(4).run(TestImages.context(dir))).isEmpty();
  }

  @Test
  void pairs_clusteredRandomHashes_sameAsComparingAllPairs() {
    Random random = new Random(11);
    List<ImageInfo> images = new ArrayList<>();
    for (int cluster = 0; cluster < 40; cluster++) {
      long base = random.nextLong();
      for (int member = 0; member < 5; member++) {
        long hash = base;
        for (int flips = random.nextInt(12); flips > 0; flips--) {
          hash ^= 1L << random.nextInt(64);
        }
        images.add(synthetic(images.size(), Split.values()[random.nextInt(3)], hash));
      }
    }
    for (int distance : new int[] {0, 1, 4, 8, 16}) {
      Set<String> found = new HashSet<>();
      for (int[] p : NearDuplicatesCheck.pairs(images, distance)) {
        assertThat(found.add(p[0] + "-" + p[1])).as("pair reported twice").isTrue();
      }

      assertThat(found).as("distance %d", distance).isEqualTo(allPairs(images, distance));
    }
  }

  @Test
  void run_morePairsThanTheLimit_countsTheRestInOneFinding() {
    List<ImageInfo> images = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      images.add(synthetic(i, i % 2 == 0 ? Split.TRAIN : Split.VAL, 0x5555L));
    }
    var context =
        new ValidationContext(
            dir,
            new dev.mlops.core.data.Manifest(
                dev.mlops.core.data.Layout.SPLIT_FOLDERS,
                null,
                images.stream().map(ImageInfo::entry).toList()),
            images,
            List.of());

    List<Finding> findings = new NearDuplicatesCheck(0).run(context);

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).files()).hasSize(NearDuplicatesCheck.MAX_REPORTED_PAIRS);
    assertThat(findings.get(0).message())
        .startsWith((40 * 40) + " image pairs in train and val look alike")
        .endsWith("(the first " + NearDuplicatesCheck.MAX_REPORTED_PAIRS + " pairs are listed)");
  }

  private static ImageInfo synthetic(int index, Split split, long hash) {
    ManifestEntry entry =
        new ManifestEntry(split.dirName() + "/c/" + index + ".png", split, "c", "sha" + index, 100);
    return new ImageInfo(entry, "png", 32, 32, 3, hash, true, null, false);
  }

  private static Set<String> allPairs(List<ImageInfo> images, int distance) {
    Set<String> pairs = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      for (int j = i + 1; j < images.size(); j++) {
        ImageInfo a = images.get(i);
        ImageInfo b = images.get(j);
        if (a.entry().split() != b.entry().split()
            && Long.bitCount(a.perceptualHash() ^ b.perceptualHash()) <= distance) {
          pairs.add(i + "-" + j);
        }
      }
    }
    return pairs;
  }
}
