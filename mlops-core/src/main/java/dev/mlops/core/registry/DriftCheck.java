package dev.mlops.core.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.drift.DriftDetector;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.drift.DriftRequest;
import dev.mlops.core.drift.ObservationCache;
import dev.mlops.core.drift.ReferenceMetrics;
import dev.mlops.core.drift.ServedImages;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.StoredObservations;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.train.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code drift-check} use case: finds the model to check (the local model directory, or a
 * registered version or alias restored from the store), its reference scores for labeled incoming
 * images, runs the {@link DriftDetector}, and records the verdict for the registered version it
 * checked. It never fails on drift: the caller decides what drift means. The incoming images are a
 * directory, or the images a prediction server stored ({@link ServedImages}), restored first.
 *
 * <p>Record rule: a check without a verdict ("not enough data") is not recorded, so it cannot hide
 * the last real verdict (say, a drift) from {@code retrain-check}.
 */
public final class DriftCheck {
  private final Progress progress;

  /** Creates a check reporting to {@code progress}. */
  public DriftCheck(Progress progress) {
    this.progress = progress;
  }

  /**
   * Runs the check, writes {@code drift.json} (and {@code drift.html}), and records the verdict.
   *
   * @throws dev.mlops.core.InvalidInputException for an unknown version or alias, a model without a
   *     baseline, a missing incoming directory, both incoming and served set, or a served log
   *     without stored images
   * @throws MlopsException when there is no trained model, or files, the store or Git fail
   */
  public DriftCheckResult check(DriftCheckRequest request) throws MlopsException {
    Incoming incoming = incoming(request);
    return request.against() == null
        ? checkLocal(request, incoming)
        : checkRegistered(request, incoming);
  }

  /**
   * The images to check and how the registry names them: {@code incoming} as it is, or the images a
   * prediction server stored, restored from the store.
   */
  private record Incoming(Path directory, String source) {}

  private Incoming incoming(DriftCheckRequest request) throws MlopsException {
    if (request.served() == null) {
      return new Incoming(request.incoming(), request.incoming().toString());
    }
    if (request.incoming() != null) {
      throw new InvalidInputException(
          "both incoming ("
              + request.incoming()
              + ") and served ("
              + request.served()
              + ") are set; check one of them: incoming for a directory of images, served for the"
              + " images a prediction server stored",
          request.served().toString(),
          Remedy.setting("incoming", "served"));
    }
    ServedImages.Result served =
        new ServedImages(progress)
            .restore(request.served(), request.store(), request.servedImages());
    return new Incoming(served.directory(), "served images of " + request.served());
  }

  /** Checks the local model; records the verdict when it is a registered version. */
  private DriftCheckResult checkLocal(DriftCheckRequest request, Incoming incoming)
      throws MlopsException {
    Path dir = request.modelDirectory();
    if (!Files.isDirectory(dir)) {
      throw new MlopsException(
          "no trained model in "
              + dir
              + "; train one first, or check a registered model by setting against to its version"
              + " or alias (e.g. production)",
          Remedy.run(Stage.TRAIN).orSetting("against"));
    }
    String fingerprint = fingerprint(dir).orElse(null);
    String model = request.model() == null ? "model" : request.model();
    // Only a project that is itself a Git repository records: a local check must not write into
    // the registry of an enclosing repository that the project does not own.
    Path project = request.projectDirectory();
    if (request.model() == null || project == null || !Files.isDirectory(project.resolve(".git"))) {
      DriftReport report =
          detect(
              request,
              incoming,
              dir,
              dir.toString(),
              localReference(request, dir),
              new EmbeddingName(model, "local", fingerprint));
      return new DriftCheckResult(report, null);
    }
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      // No fetch here: recording fetches before it commits when it pushes.
      ModelRegistry registry = new ModelRegistry(repo, request.store(), progress);
      // A local model registered already shares its version's stored embeddings.
      Optional<ModelVersionCard> card =
          fingerprint == null
              ? Optional.empty()
              : registry.list(model).stream()
                  .filter(c -> c.fingerprint().equals(fingerprint))
                  .findFirst();
      DriftReport report =
          detect(
              request,
              incoming,
              dir,
              dir.toString(),
              localReference(request, dir),
              new EmbeddingName(
                  model, card.map(ModelVersionCard::versionName).orElse("local"), fingerprint));
      Integer recorded =
          request.record() && card.isPresent()
              ? record(registry, card.get(), report, request, incoming)
              : null;
      return new DriftCheckResult(report, recorded);
    }
  }

  /** Restores the version or alias from the store and checks it; records the verdict. */
  private DriftCheckResult checkRegistered(DriftCheckRequest request, Incoming incoming)
      throws MlopsException {
    try (RegistryRepository repo = RegistryRepository.open(request.projectDirectory())) {
      if (request.pushRemote() != null) {
        repo.fetch(request.pushRemote());
        progress.info("Fetched the registry from " + request.pushRemote());
      }
      ModelRegistry registry = new ModelRegistry(repo, request.store(), progress);
      String against = request.against();
      ModelVersionCard card = card(registry, request.model(), against);
      Path dir = registry.restore(card, request.cacheDirectory());
      String label =
          card.name()
              + " "
              + card.versionName()
              + (against.matches("v?[0-9]+") ? "" : " (" + against + ")");
      ReferenceMetrics reference =
          card.metrics() == null
              ? null
              : new ReferenceMetrics(
                  "the evaluation recorded for " + card.versionName(),
                  card.metrics().accuracy(),
                  card.metrics().macroF1());
      DriftReport report =
          detect(
              request,
              incoming,
              dir,
              label,
              reference,
              new EmbeddingName(card.name(), card.versionName(), card.fingerprint()));
      Integer recorded =
          request.record() ? record(registry, card, report, request, incoming) : null;
      return new DriftCheckResult(report, recorded);
    }
  }

  /** The card {@code against} names; a version or alias it lacks is the against setting's fault. */
  private static ModelVersionCard card(ModelRegistry registry, String model, String against)
      throws MlopsException {
    try {
      return registry.card(model, against);
    } catch (InvalidInputException e) {
      List<String> settings = e.remedy().settings();
      if (!settings.contains("version") && !settings.contains("alias")) {
        throw e;
      }
      throw new InvalidInputException(
          e.getMessage(), e.value(), new Remedy(e.remedy().stage(), List.of("against")), e);
    }
  }

  /**
   * How the checked model's embeddings are named in the feature store.
   *
   * @param fingerprint the model's training fingerprint, or null when unknown (then no embeddings
   *     are read or kept, only image features)
   */
  private record EmbeddingName(String model, String label, String fingerprint) {}

  private DriftReport detect(
      DriftCheckRequest request,
      Incoming incoming,
      Path dir,
      String label,
      ReferenceMetrics reference,
      EmbeddingName embeddings)
      throws MlopsException {
    FeatureStore features =
        request.featureStore() ? FeatureStore.openOrWarn(request.store().root(), progress) : null;
    try {
      ObservationCache cache =
          features == null
              ? null
              : embeddings.fingerprint() == null
                  ? StoredObservations.imageStats(features, progress)
                  : StoredObservations.withEmbeddings(
                      features,
                      embeddings.model(),
                      embeddings.label(),
                      embeddings.fingerprint(),
                      progress);
      return new DriftDetector(progress)
          .check(
              new DriftRequest(
                  dir,
                  label,
                  incoming.directory(),
                  reference,
                  request.config(),
                  request.outputFile(),
                  request.reportDirectory(),
                  cache));
    } finally {
      if (features != null) {
        features.close();
      }
    }
  }

  private static Optional<String> fingerprint(Path dir) throws MlopsException {
    try {
      return Fingerprint.readFrom(dir);
    } catch (IOException e) {
      throw new MlopsException("cannot read the fingerprint in " + dir + ": " + e, e);
    }
  }

  /** The evaluation of the local model, when there is one and it is of this very model. */
  private static ReferenceMetrics localReference(DriftCheckRequest request, Path dir)
      throws MlopsException {
    Path file = request.evaluationFile();
    Optional<String> fingerprint = fingerprint(dir);
    if (file == null || !Files.isRegularFile(file) || fingerprint.isEmpty()) {
      return null;
    }
    EvaluationReport evaluation = EvaluationReport.read(file);
    if (evaluation.model() == null || !fingerprint.get().equals(evaluation.model().fingerprint())) {
      return null;
    }
    return new ReferenceMetrics(
        "evaluation.json (" + evaluation.model().split().dirName() + " split)",
        evaluation.metrics().accuracy(),
        evaluation.metrics().macroF1());
  }

  /** Records the verdict for {@code card}'s version; returns it, or null when not recorded. */
  private Integer record(
      ModelRegistry registry,
      ModelVersionCard card,
      DriftReport report,
      DriftCheckRequest request,
      Incoming incoming)
      throws MlopsException {
    if (DriftReport.NOT_ENOUGH_DATA.equals(report.status())) {
      progress.info(
          "Not recording the check in the registry: it has no verdict, so the last recorded one"
              + " stands");
      return null;
    }
    String sha256;
    try {
      sha256 = Hashing.sha256(request.outputFile());
    } catch (IOException e) {
      throw new MlopsException("cannot hash " + request.outputFile() + ": " + e.getMessage(), e);
    }
    DriftRecord entry =
        new DriftRecord(
            report.checkedAt(),
            null,
            incoming.source(),
            report.incoming() == null ? 0 : report.incoming().images(),
            report.status(),
            report.retrainRecommended(),
            report.reasons(),
            sha256);
    String remote = request.pushRemote();
    int version = registry.recordDrift(card.name(), card.versionName(), entry, remote);
    progress.info(
        "Recorded the verdict ("
            + report.status()
            + ") for "
            + card.name()
            + " v"
            + version
            + " in the registry"
            + (remote == null ? "" : " and pushed it to " + remote));
    return version;
  }
}
