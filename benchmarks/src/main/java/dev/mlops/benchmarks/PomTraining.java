package dev.mlops.benchmarks;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.drift.BaselineWriter;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.train.ModelTrainer;
import dev.mlops.core.train.OptimizerKind;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingRequest;
import dev.mlops.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Trains a model the way {@code mvn mlops:train} does for a project: the training settings of the
 * plugin's {@code <configuration>} in its {@code pom.xml} (read here, so benchmarks follow the
 * example's settings instead of a copy of them), mapped to {@link TrainingConfig} like {@code
 * TrainMojo} maps them, and {@link ModelTrainer} with the {@link BaselineWriter} companion.
 */
final class PomTraining {
  /** The settings {@link #config} reads. */
  static final java.util.Set<String> TRAINING_KEYS =
      java.util.Set.of(
          "architecture",
          "inputSize",
          "epochs",
          "batchSize",
          "learningRate",
          "optimizer",
          "weightDecay",
          "lrStepSize",
          "lrGamma",
          "seed",
          "flipProbability",
          "rotationDegrees",
          "colorJitter");

  private PomTraining() {}

  /**
   * The plugin configuration's simple elements (name to text) of {@code pom}, with {@code
   * overrides} (as {@code -Dmlops.train.epochs=...} and its siblings would) on top.
   */
  static Map<String, String> settings(Path pom, Map<String, String> overrides) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var document = factory.newDocumentBuilder().parse(pom.toFile());
    Map<String, String> out = new LinkedHashMap<>();
    NodeList configurations = document.getElementsByTagName("configuration");
    for (int i = 0; i < configurations.getLength(); i++) {
      NodeList children = configurations.item(i).getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        Node child = children.item(j);
        if (child instanceof Element e && e.getElementsByTagName("*").getLength() == 0) {
          out.put(e.getTagName(), e.getTextContent().trim());
        }
      }
    }
    out.putAll(overrides);
    return out;
  }

  /** The training configuration of {@code settings}; unset values keep the core's defaults. */
  static TrainingConfig config(Map<String, String> s, int threads) throws InvalidInputException {
    Augmentation d = Augmentation.DEFAULT;
    double jitter = number(s, "colorJitter", d.brightness());
    return TrainingConfig.builder()
        .optArchitecture(s.get("architecture"))
        .optInputSize(integer(s, "inputSize"))
        .optEpochs(integer(s, "epochs"))
        .optBatchSize(integer(s, "batchSize"))
        .optLearningRate(s.containsKey("learningRate") ? number(s, "learningRate", 0) : null)
        .optOptimizer(
            s.containsKey("optimizer")
                ? OptimizerKind.valueOf(s.get("optimizer").toUpperCase(Locale.ROOT))
                : null)
        .optWeightDecay(s.containsKey("weightDecay") ? number(s, "weightDecay", 0) : null)
        .optLrStepSize(integer(s, "lrStepSize"))
        .optLrGamma(s.containsKey("lrGamma") ? number(s, "lrGamma", 0) : null)
        .optSeed(s.containsKey("seed") ? Long.parseLong(s.get("seed")) : null)
        .optThreads(threads)
        .optWorkers(threads)
        .optAugmentation(
            new Augmentation(
                number(s, "flipProbability", d.flipProbability()),
                number(s, "rotationDegrees", d.maxRotationDegrees()),
                jitter,
                jitter,
                jitter))
        .build();
  }

  /** The manifest of {@code data}: {@code <split>/<class>} folders, or {@code <class>} folders. */
  static Manifest scan(Path data, SplitPolicy policy) throws MlopsException {
    return new DatasetScanner(Progress.NONE).scan(new ScanConfig(data, policy, null)).manifest();
  }

  /** Trains {@code manifest} into {@code out/model} as {@code train} does, without a run cache. */
  static TrainingResult train(
      Path data, Manifest manifest, TrainingConfig config, Path out, Progress progress)
      throws MlopsException {
    return new ModelTrainer(progress, List.of(new BaselineWriter(progress)))
        .train(
            new TrainingRequest(
                data, manifest, config, out.resolve("model"), out.resolve("work"), null, "bench"));
  }

  private static Integer integer(Map<String, String> s, String key) {
    return s.containsKey(key) ? Integer.parseInt(s.get(key)) : null;
  }

  private static double number(Map<String, String> s, String key, double fallback) {
    return s.containsKey(key) ? Double.parseDouble(s.get(key)) : fallback;
  }
}
