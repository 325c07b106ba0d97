package dev.mlops.core.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.version.DatasetCard;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.git.CommitResult;
import dev.mlops.core.git.RegistryEdit;
import dev.mlops.core.git.RegistryPush;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.git.VersionedEntries;
import dev.mlops.core.registry.ModelVersionCard.Artifact;
import dev.mlops.core.registry.ModelVersionCard.DatasetRef;
import dev.mlops.core.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registers one model version: store the files, commit the card, tag, push. */
final class ModelWriter {
  private final RegistryRepository registry;
  private final ObjectStore store;
  private final Progress progress;

  ModelWriter(RegistryRepository registry, ObjectStore store, Progress progress) {
    this.registry = registry;
    this.store = store;
    this.progress = progress;
  }

  /** Everything a new card needs except its version number, gathered once before committing. */
  private record Draft(
      String name,
      ModelSource source,
      DatasetRef dataset,
      EvaluationMetrics metrics,
      List<Artifact> artifacts,
      String commit,
      boolean dirty,
      String createdAt) {}

  /** What one commit attempt decided: a new version, or the version with that fingerprint. */
  private record Outcome(ModelVersionCard card, boolean created) {}

  RegisterResult register(RegisterRequest req) throws MlopsException {
    String name = Names.requireValid(req.model(), "model");
    RegistryPush push = new RegistryPush(registry, req.push() ? req.remote() : null, progress);
    // The fingerprint and dataset lookups below must see what others already pushed.
    push.fetch();
    ModelSource source = ModelSource.read(req.modelDirectory(), req.artifacts());
    Optional<ModelVersionCard> known =
        registry.query(s -> findFingerprint(s, name, source.fingerprint()));
    if (known.isPresent()) {
      new ArtifactCheck(store).repair(known.get(), source.files(), progress);
    }
    if (known.isPresent() && !req.push()) {
      logKnown(known.get());
      new ModelTags(registry, progress).ensure(known.get());
      return new RegisterResult(known.get(), false, false);
    }
    DatasetRef dataset = datasetVersion(req.dataset(), source);
    EvaluationMetrics metrics = source.metricsOf(req.evaluation(), req.modelDirectory());
    List<Artifact> artifacts = storeFiles(source, req.coordinates());
    Draft draft = draft(name, source, dataset, metrics, artifacts);
    Outcome outcome =
        push.run(
            () -> commit(draft),
            this::tag,
            "model " + draft.name(),
            "registering " + draft.name() + " again on top of them");
    return new RegisterResult(outcome.card(), outcome.created(), req.push());
  }

  /** Adds the source commit, which must exist, and whether the working tree differs from it. */
  private Draft draft(
      String name,
      ModelSource source,
      DatasetRef dataset,
      EvaluationMetrics metrics,
      List<Artifact> artifacts)
      throws MlopsException {
    VersionedEntries.Source head = VersionedEntries.source(registry, "model", name, progress);
    return new Draft(
        name, source, dataset, metrics, artifacts, head.commit(), head.dirty(), head.createdAt());
  }

  /** Tags a new version, or restores the missing tag of a known one; returns the tag to push. */
  private List<String> tag(Outcome outcome) throws MlopsException {
    if (!outcome.created()) {
      logKnown(outcome.card());
    }
    new ModelTags(registry, progress).ensure(outcome.card());
    return List.of(outcome.card().tagName());
  }

  private void logKnown(ModelVersionCard card) {
    progress.info(
        "Model "
            + card.name()
            + " with fingerprint "
            + card.fingerprint().substring(0, Math.min(12, card.fingerprint().length()))
            + " is already registered as "
            + card.versionName()
            + "; nothing to register");
  }

  /** The registered dataset version whose manifest the model was trained on. */
  private DatasetRef datasetVersion(String datasetName, ModelSource source) throws MlopsException {
    String dataset = Names.requireValid(datasetName, "dataset");
    List<DatasetCard> cards = new DatasetVersions(registry, store, progress).list(dataset);
    for (DatasetCard card : cards) {
      if (card.manifestId().equals(source.manifestId())) {
        return new DatasetRef(dataset, card.version(), card.manifestId());
      }
    }
    throw new InvalidInputException(
        "the model was trained on data with manifest "
            + source.manifestId().substring(0, Math.min(12, source.manifestId().length()))
            + ", which is no version of dataset '"
            + dataset
            + "' in the registry"
            + (cards.isEmpty() ? " (it has no versions yet)" : "")
            + "; a model must never point at data that cannot be restored: version the data"
            + " first, then register again",
        source.manifestId(),
        Remedy.run(Stage.VERSION_DATA));
  }

  private List<Artifact> storeFiles(ModelSource source, Map<String, String> coordinates)
      throws MlopsException {
    List<Map.Entry<String, Path>> files = List.copyOf(source.files().entrySet());
    // One batch: the files are written in parallel and synced together, not one after another.
    List<String> shas = store.putAll(files.stream().map(Map.Entry::getValue).toList());
    List<Artifact> artifacts = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Map.Entry<String, Path> file = files.get(i);
      String sha256 = shas.get(i);
      long size;
      try {
        size = Files.size(file.getValue());
      } catch (IOException e) {
        throw new MlopsException("cannot read the size of " + file.getValue(), e);
      }
      artifacts.add(new Artifact(file.getKey(), sha256, size, coordinates.get(file.getKey())));
    }
    progress.info("Stored " + artifacts.size() + " model files in " + store.root());
    return artifacts;
  }

  private RegistryPush.Attempt<Outcome> commit(Draft draft) throws MlopsException {
    // The editor may run several times; the run whose commit wins is the last one.
    Outcome[] decided = new Outcome[1];
    CommitResult result =
        registry.commit(
            snapshot -> {
              Optional<ModelVersionCard> same =
                  findFingerprint(snapshot, draft.name(), draft.source().fingerprint());
              if (same.isPresent()) {
                decided[0] = new Outcome(same.get(), false);
                return RegistryEdit.none();
              }
              ModelVersionCard card = newCard(snapshot, draft);
              decided[0] = new Outcome(card, true);
              return new RegistryEdit(
                  card.commitMessage(),
                  Map.of(ModelPaths.cardPath(card.name(), card.version()), Json.pretty(card)));
            });
    Outcome outcome = decided[0];
    if (outcome.created() && !result.committed()) {
      throw new IllegalStateException("registry commit of a new model version wrote nothing");
    }
    if (outcome.created()) {
      progress.info(
          "Committed model "
              + draft.name()
              + " "
              + outcome.card().versionName()
              + " to the registry branch "
              + RegistryRepository.BRANCH);
    }
    return new RegistryPush.Attempt<>(outcome, result);
  }

  private ModelVersionCard newCard(RegistrySnapshot snapshot, Draft draft) throws MlopsException {
    List<Integer> versions = ModelPaths.versions(snapshot, draft.name());
    int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
    return new ModelVersionCard(
        draft.name(),
        next,
        draft.createdAt(),
        registry.actor(),
        draft.commit(),
        draft.dirty(),
        draft.dataset(),
        draft.source().architecture(),
        draft.source().hyperparameters(),
        draft.source().fingerprint(),
        draft.metrics(),
        draft.artifacts(),
        parentVersion(snapshot, draft),
        draft.source().initFromOrigin(),
        emptyToNull(draft.source().initFromSha256()));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** The registered version whose parameters the model was warm-started from, if any. */
  private static Integer parentVersion(RegistrySnapshot snapshot, Draft draft)
      throws MlopsException {
    String init = draft.source().initFromSha256();
    if (init == null || init.isEmpty()) {
      return null;
    }
    for (ModelVersionCard card : ModelPaths.cards(snapshot, draft.name())) {
      Optional<Artifact> params = card.artifact(dev.mlops.core.model.ModelFiles.PARAMS);
      if (params.isPresent() && params.get().sha256().equals(init)) {
        return card.version();
      }
    }
    return null;
  }

  static Optional<ModelVersionCard> findFingerprint(
      RegistrySnapshot snapshot, String name, String fingerprint) throws MlopsException {
    for (ModelVersionCard card : ModelPaths.cards(snapshot, name)) {
      if (card.fingerprint().equals(fingerprint)) {
        return Optional.of(card);
      }
    }
    return Optional.empty();
  }
}
