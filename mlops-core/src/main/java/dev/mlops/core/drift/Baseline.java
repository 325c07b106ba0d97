package dev.mlops.core.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What drift detection compares incoming images with ({@value #FILE} in the model directory,
 * written by {@code train}, stored by {@code register}): summaries of the image features of the
 * training split, and the model's outputs on images that neither fitted the model nor chose its
 * epoch (the test split; on training images, and to a lesser degree on the val images that picked
 * the best epoch, the model is more confident than it will be on new ones, so a baseline from them
 * raises false confidence alarms), plus capped seeded samples for the tests that need values.
 *
 * @param format the file format version ({@value #FORMAT})
 * @param fingerprint the training fingerprint of the model it belongs to
 * @param labels the model's classes
 * @param featuresSplit the split the image features come from
 * @param featuresImages how many images that split had (readable ones)
 * @param outputsSplit the split the model outputs come from
 * @param outputsImages how many images that split had
 * @param outputsReason why the outputs come from that split, and what it means for the checks (null
 *     in baselines written before it was recorded)
 * @param featureNames the feature ids in the column order of {@code featureSample}
 * @param features per feature id, the summary over every features-split image
 * @param featureSample up to {@value #FEATURE_SAMPLE} seeded rows of features-split images
 * @param confidence the summary of the top-class probability on the outputs split
 * @param confidenceSample up to {@value #FEATURE_SAMPLE} confidences of outputs-split images
 * @param predictedCounts images of the outputs split predicted as each class
 * @param projection the embedding projection
 * @param embeddingSample up to {@value #EMBEDDING_SAMPLE} projected embeddings of outputs-split
 *     images
 * @param accuracy the model's accuracy on the outputs split, or null when it has no labels
 * @param macroF1 the model's macro F1 on the outputs split, or null
 * @param sampleSeed the seed that chose the samples
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Baseline(
    int format,
    String fingerprint,
    List<String> labels,
    String featuresSplit,
    int featuresImages,
    String outputsSplit,
    int outputsImages,
    String outputsReason,
    List<String> featureNames,
    Map<String, FeatureSummary> features,
    double[][] featureSample,
    FeatureSummary confidence,
    double[] confidenceSample,
    long[] predictedCounts,
    Projection projection,
    float[][] embeddingSample,
    Double accuracy,
    Double macroF1,
    long sampleSeed) {
  /** The file name in the model directory. */
  public static final String FILE = "baseline.json";

  /** The format this code writes and reads. */
  public static final int FORMAT = 1;

  /** Rows kept for the KS and Wasserstein tests. */
  public static final int FEATURE_SAMPLE = 1000;

  /** Embeddings kept for the kernel test (its cost grows with the square of the sample). */
  public static final int EMBEDDING_SAMPLE = 400;

  /** Copies the collections. */
  public Baseline {
    labels = List.copyOf(labels);
    featureNames = List.copyOf(featureNames);
    features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /**
   * Builds the baseline of a model.
   *
   * @param fingerprint the model's training fingerprint
   * @param labels the model's classes
   * @param featuresSplit the split {@code images} come from
   * @param images features of the training images (model outputs not needed)
   * @param outputsSplit the split {@code outputs} come from
   * @param outputsReason why that split (recorded in the file)
   * @param outputs features and model outputs of held-out images
   * @param projection the projection the embeddings went through
   * @param seed chooses the samples
   * @throws IllegalArgumentException when either set is empty or {@code outputs} has no outputs
   */
  public static Baseline build(
      String fingerprint,
      List<String> labels,
      String featuresSplit,
      Observations images,
      String outputsSplit,
      String outputsReason,
      Observations outputs,
      Projection projection,
      long seed) {
    if (images.size() == 0 || outputs.size() == 0 || !outputs.hasOutputs()) {
      throw new IllegalArgumentException(
          "a baseline needs images and model outputs: got "
              + images.size()
              + " images, "
              + outputs.size()
              + " outputs");
    }
    Map<String, FeatureSummary> summaries = new LinkedHashMap<>();
    for (ImageFeature f : ImageFeature.values()) {
      summaries.put(f.id(), FeatureSummary.of(images.column(f)));
    }
    Observations featureRows = images.rows(sample(images.size(), FEATURE_SAMPLE, seed));
    Observations outputRows = outputs.rows(sample(outputs.size(), FEATURE_SAMPLE, seed + 1));
    Observations embeddingRows = outputs.rows(sample(outputs.size(), EMBEDDING_SAMPLE, seed + 2));
    long[] counts = new long[labels.size()];
    for (int p : outputs.predicted()) {
      counts[p]++;
    }
    Performance performance =
        outputs.labels() == null ? null : Performance.of(outputs.predicted(), outputs.labels());
    return new Baseline(
        FORMAT,
        fingerprint,
        labels,
        featuresSplit,
        images.size(),
        outputsSplit,
        outputs.size(),
        outputsReason,
        Arrays.stream(ImageFeature.values()).map(ImageFeature::id).toList(),
        summaries,
        featureRows.features(),
        FeatureSummary.of(outputs.confidences()),
        outputRows.confidences(),
        counts,
        projection,
        embeddingRows.embeddings(),
        performance == null ? null : performance.accuracy(),
        performance == null ? null : performance.macroF1(),
        seed);
  }

  /** {@code cap} distinct row indices out of {@code n} (all when {@code n <= cap}), sorted. */
  static int[] sample(int n, int cap, long seed) {
    int[] all = IntStream.range(0, n).toArray();
    if (n <= cap) {
      return all;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < cap; i++) {
      int j = i + random.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] picked = Arrays.copyOf(all, cap);
    Arrays.sort(picked);
    return picked;
  }

  /** The sampled values of {@code feature}. */
  public double[] sampleColumn(ImageFeature feature) {
    int c = featureNames.indexOf(feature.id());
    return Arrays.stream(featureSample).mapToDouble(row -> row[c]).toArray();
  }

  /** Writes this baseline to {@code dir/}{@value #FILE} atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), Json.pretty(this));
  }

  private static InvalidInputException unreadable(Path file, Exception e) {
    return new InvalidInputException(
        "cannot read the drift baseline "
            + file
            + ": "
            + e.getMessage()
            + "; train again to rebuild it",
        file.toString(),
        Remedy.run(Stage.TRAIN),
        e);
  }

  /**
   * Reads {@code dir/}{@value #FILE}.
   *
   * @throws InvalidInputException when it is missing, unreadable or of another format (the message
   *     says how to rebuild it)
   */
  public static Baseline read(Path dir) throws MlopsException {
    Path file = dir.resolve(FILE);
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "the model in "
              + dir
              + " has no drift baseline ("
              + FILE
              + "); models trained before drift detection lack one: train again (it adds the"
              + " baseline without retraining) and register the model again",
          file.toString(),
          Remedy.run(Stage.TRAIN),
          e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    // The format first: a file of another format may lack fields this one requires.
    int format = tree.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new InvalidInputException(
          file
              + " has baseline format "
              + format
              + ", this version of mlops reads format "
              + FORMAT
              + "; train again with this version to rebuild it",
          file.toString(),
          Remedy.run(Stage.TRAIN));
    }
    Baseline baseline;
    try {
      baseline = Json.mapper().treeToValue(tree, Baseline.class);
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable(file, e);
    }
    return baseline;
  }
}
