package dev.mlops.core.train;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.store.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images a run trains and validates on, with their label indices. Labels are the manifest's
 * class names, sorted; index {@code i} is output {@code i} of the model. Validation images are the
 * {@code val} split, or when there is none a seeded, stratified tenth of the train split.
 *
 * @param labels class names, sorted
 * @param train training images in manifest (path) order
 * @param val validation images in manifest (path) order
 * @param validation where the validation images come from, for logs, fingerprint and card
 */
record TrainingData(
    List<String> labels, List<LabeledImage> train, List<LabeledImage> val, String validation) {
  /** Fraction of each class of the train split held out when the manifest has no val split. */
  static final double HOLDOUT_FRACTION = 0.1;

  static final String VAL_SPLIT = "val split";

  TrainingData {
    labels = List.copyOf(labels);
    train = List.copyOf(train);
    val = List.copyOf(val);
  }

  /**
   * Selects the images of {@code manifest}.
   *
   * @throws InvalidInputException when there are fewer than two classes, no training images, or too
   *     few to hold out validation images
   */
  static TrainingData of(Path dataDirectory, Manifest manifest, long seed, Progress progress)
      throws InvalidInputException {
    List<String> labels = List.copyOf(manifest.labels());
    requireTwoClasses(dataDirectory, labels);
    Map<String, List<ManifestEntry>> trainByClass = new TreeMap<>();
    List<ManifestEntry> val = new ArrayList<>();
    for (ManifestEntry e : manifest.entries()) {
      if (e.split() == Split.TRAIN) {
        trainByClass.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
      } else if (e.split() == Split.VAL) {
        val.add(e);
      }
    }
    if (trainByClass.isEmpty()) {
      throw new InvalidInputException(
          "the dataset in "
              + dataDirectory
              + " has no training images; put them under train/<class>/ (or use <class>/ folders"
              + " with a split policy)",
          dataDirectory.toString());
    }
    for (String label : labels) {
      if (!trainByClass.containsKey(label)) {
        progress.warn(
            "class '" + label + "' has no training images; the model cannot learn to predict it");
      }
    }
    List<ManifestEntry> train = new ArrayList<>();
    String validation = VAL_SPLIT;
    if (val.isEmpty()) {
      validation = holdOut(trainByClass, seed, train, val);
      reportHoldOut(dataDirectory, train.size(), val.size(), validation, progress);
    } else {
      trainByClass.values().forEach(train::addAll);
    }
    return new TrainingData(
        labels,
        images(dataDirectory, train, labels),
        images(dataDirectory, val, labels),
        validation);
  }

  private static void reportHoldOut(
      Path dataDirectory, int train, int val, String validation, Progress progress)
      throws InvalidInputException {
    if (val == 0) {
      throw new InvalidInputException(
          "the dataset in "
              + dataDirectory
              + " has no val split and too few training images to hold out "
              + Math.round(HOLDOUT_FRACTION * 100)
              + "%; add images under val/<class>/",
          dataDirectory.toString());
    }
    progress.info(
        "no val split in the dataset: holding out "
            + val
            + " of "
            + (train + val)
            + " training images for validation ("
            + validation
            + ")");
  }

  private static void requireTwoClasses(Path dataDirectory, List<String> labels)
      throws InvalidInputException {
    if (labels.size() < 2) {
      throw new InvalidInputException(
          "the dataset in "
              + dataDirectory
              + " has "
              + labels.size()
              + " class(es) "
              + labels
              + "; a classifier needs at least 2: add a folder of images per class",
          String.valueOf(labels.size()));
    }
  }

  /**
   * Moves a tenth of every class (at least one image of a class with two or more) from train to
   * val, choosing by a seeded hash of (content, path): stable on any machine, whatever the order
   * files were found.
   */
  private static String holdOut(
      Map<String, List<ManifestEntry>> trainByClass,
      long seed,
      List<ManifestEntry> train,
      List<ManifestEntry> val) {
    for (List<ManifestEntry> members : trainByClass.values()) {
      List<ManifestEntry> ranked = new ArrayList<>(members);
      ranked.sort(Comparator.comparing(e -> holdOutKey(seed, e)));
      int n = ranked.size();
      int held = n < 2 ? 0 : Math.max(1, (int) Math.round(n * HOLDOUT_FRACTION));
      val.addAll(ranked.subList(0, held));
      train.addAll(ranked.subList(held, n));
    }
    Comparator<ManifestEntry> byPath = Comparator.comparing(ManifestEntry::path);
    train.sort(byPath);
    val.sort(byPath);
    return Math.round(HOLDOUT_FRACTION * 100) + "% of train held out, stratified, seed " + seed;
  }

  private static String holdOutKey(long seed, ManifestEntry e) {
    String key = "holdout:" + seed + ":" + e.sha256() + ":" + e.path();
    return Hashing.sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  private static List<LabeledImage> images(
      Path dataDirectory, List<ManifestEntry> entries, List<String> labels) {
    List<ManifestEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(ManifestEntry::path));
    List<LabeledImage> images = new ArrayList<>(sorted.size());
    for (ManifestEntry e : sorted) {
      images.add(
          new LabeledImage(dataDirectory.resolve(e.path()), e.path(), labels.indexOf(e.label())));
    }
    return images;
  }

  /**
   * Up to {@code max} training files, evenly spaced over the sorted list: the sample whose headers
   * decide the channel count when it is not configured.
   */
  List<LabeledImage> channelSample(int max) {
    List<LabeledImage> sample = new ArrayList<>();
    int n = train.size();
    int count = Math.min(max, n);
    for (int i = 0; i < count; i++) {
      sample.add(train.get((int) ((long) i * n / count)));
    }
    return sample;
  }
}
