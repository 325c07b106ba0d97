package dev.mlops.core.feedback;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.PerceptualHash;
import dev.mlops.core.data.version.IngestedFeedback.Skipped;
import dev.mlops.core.drift.ServedImages;
import dev.mlops.core.feedback.FeedbackVotes.Verdict;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.MissingObjectException;
import dev.mlops.core.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Turns verdicts into file changes, touching nothing: a new image goes to {@code
 * <split>/<label>/fb-<sha12>.<ext>} (or {@code <label>/...} in a class-folder layout), an image
 * already in the dataset under another label is moved to that label's folder in its split (a
 * relabel, which the dataset diff pairs by content), and an image that looks like a test image is
 * left out, so the test split does not leak into training.
 */
final class IngestPlanner {
  /** What one ingestion will change, and what it leaves out. */
  static final class Plan {
    final FileChanges changes;
    final List<String> added = new ArrayList<>();
    final List<String> relabelled = new ArrayList<>();
    final SortedMap<String, Integer> addedPerClass = new TreeMap<>();
    final SortedMap<String, Integer> relabelledPerClass = new TreeMap<>();
    final List<Skipped> skipped = new ArrayList<>();
    int unchanged;
    int proposed;

    Plan(Path dataDirectory) {
      changes = new FileChanges(dataDirectory);
    }
  }

  private final FeedbackIngestConfig config;
  private final Manifest manifest;
  private final ObjectStore store;
  private final Path dir;
  private Map<String, Long> testHashes;

  IngestPlanner(FeedbackIngestConfig config, Manifest manifest, ObjectStore store) {
    this.config = config;
    this.manifest = manifest;
    this.store = store;
    this.dir = config.dataDirectory().toAbsolutePath().normalize();
  }

  Plan plan(List<Verdict> verdicts) throws MlopsException {
    if (config.split() != null && manifest.layout() == Layout.CLASS_FOLDERS) {
      throw new InvalidInputException(
          "a feedback split needs a <split>/<class>/<file> data directory; "
              + dir
              + " has <class>/<file> folders, whose split the split fractions decide for every"
              + " image: leave the feedback split empty",
          config.split().toString(),
          Remedy.setting("split"));
    }
    Plan plan = new Plan(dir);
    for (Verdict v : verdicts) {
      if (v.label() == null) {
        plan.skipped.add(new Skipped(v.ids(), v.imageSha256(), v.reason()));
        plan.proposed += v.proposed() ? v.ids().size() : 0;
      } else if (!manifest.labels().contains(v.label())) {
        skip(plan, v, "label '" + v.label() + "' is not a class of the dataset " + classes());
      } else {
        List<ManifestEntry> present =
            manifest.entries().stream().filter(e -> e.sha256().equals(v.imageSha256())).toList();
        if (present.isEmpty()) {
          planNew(plan, v);
        } else {
          planRelabel(plan, v, present);
        }
      }
    }
    return plan;
  }

  private void planRelabel(Plan plan, Verdict v, List<ManifestEntry> present) {
    List<ManifestEntry> other = present.stream().filter(e -> !e.label().equals(v.label())).toList();
    if (other.isEmpty()) {
      plan.unchanged++;
      return;
    }
    for (ManifestEntry e : other) {
      String fileName = e.path().substring(e.path().lastIndexOf('/') + 1);
      String target = folder(e.split(), v.label()) + fileName;
      if (Files.exists(dir.resolve(target)) || plan.changes.claims(dir.resolve(target))) {
        target = folder(e.split(), v.label()) + "fb-" + e.sha256().substring(0, 12) + ext(e);
      }
      plan.changes.move(dir.resolve(e.path()), dir.resolve(target));
      plan.relabelled.add(e.path() + " -> " + target);
      plan.relabelledPerClass.merge(v.label(), 1, Integer::sum);
    }
  }

  private void planNew(Plan plan, Verdict v) throws MlopsException {
    if (!Hashing.isSha256(v.imageSha256())) {
      skip(plan, v, "imageSha256 is not a SHA-256");
      return;
    }
    byte[] bytes;
    try {
      bytes = store.read(v.imageSha256());
    } catch (MissingObjectException e) {
      skip(plan, v, "the image is not in the store " + store.root());
      return;
    }
    String ext = ServedImages.sniff(bytes);
    BufferedImage image = ext == null ? null : decode(bytes);
    if (image == null) {
      skip(plan, v, "the stored bytes are not a decodable JPEG, PNG, BMP or GIF image");
      return;
    }
    String lookalike = testLookalike(PerceptualHash.dHash(image));
    if (lookalike != null) {
      skip(plan, v, lookalike);
      return;
    }
    String path =
        folder(share(v.imageSha256()), v.label())
            + "fb-"
            + v.imageSha256().substring(0, 12)
            + "."
            + ext;
    plan.changes.write(dir.resolve(path), bytes);
    plan.added.add(path);
    plan.addedPerClass.merge(v.label(), 1, Integer::sum);
  }

  /** The split a new image goes to: seeded per image, so a rerun sends it to the same one. */
  private Split share(String sha256) {
    SplitPolicy split = config.split();
    if (split == null) {
      return Split.TRAIN;
    }
    String mixed = Hashing.sha256((config.seed() + ":" + sha256).getBytes(StandardCharsets.UTF_8));
    double u = Long.parseLong(mixed.substring(0, 13), 16) / (double) (1L << 52);
    return u < split.train()
        ? Split.TRAIN
        : u < split.train() + split.val() ? Split.VAL : Split.TEST;
  }

  /** Why the image counts as a copy of a test image, or null. */
  private String testLookalike(long hash) {
    for (Map.Entry<String, Long> t : testHashes().entrySet()) {
      int d = PerceptualHash.distance(hash, t.getValue());
      if (d <= config.nearDuplicateDistance()) {
        return "looks like the test image "
            + t.getKey()
            + " (perceptual-hash distance "
            + d
            + " <= nearDuplicateDistance "
            + config.nearDuplicateDistance()
            + "): adding it would leak the test split";
      }
    }
    return null;
  }

  /** Hashes of the test images, decoded once when the first new image needs them. */
  private Map<String, Long> testHashes() {
    if (testHashes == null) {
      testHashes = new LinkedHashMap<>();
      for (ManifestEntry e : manifest.entries()) {
        if (e.split() == Split.TEST) {
          try {
            BufferedImage image = ImageIO.read(dir.resolve(e.path()).toFile());
            if (image != null) {
              testHashes.put(e.path(), PerceptualHash.dHash(image));
            }
          } catch (IOException | RuntimeException ex) {
            // An undecodable test image is validate-data's finding, not a copy of anything.
          }
        }
      }
    }
    return testHashes;
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private String folder(Split split, String label) {
    return manifest.layout() == Layout.SPLIT_FOLDERS
        ? split.dirName() + "/" + label + "/"
        : label + "/";
  }

  private static String ext(ManifestEntry e) {
    int dot = e.path().lastIndexOf('.');
    return dot > e.path().lastIndexOf('/') ? e.path().substring(dot) : "";
  }

  private String classes() {
    return "(" + String.join(", ", manifest.labels()) + "); add its folder to every split first";
  }

  private static void skip(Plan plan, Verdict v, String reason) {
    plan.skipped.add(new Skipped(v.ids(), v.imageSha256(), reason));
  }
}
