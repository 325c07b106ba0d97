package dev.mlops.core.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.version.DataDiff;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.eval.BaselineProvider;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Model versions in the Git registry: register a trained model as {@code v<N>}, list versions,
 * point aliases at them (with a champion gate), and load a version or alias as a ready {@link
 * Predictor} from the object store, verifying every artifact hash.
 */
public final class ModelRegistry {

  private final RegistryRepository registry;
  private final ObjectStore store;
  private final Progress progress;

  /** Works on {@code registry}'s registry branch and tags, with file contents in {@code store}. */
  public ModelRegistry(RegistryRepository registry, ObjectStore store, Progress progress) {
    this.registry = registry;
    this.store = store;
    this.progress = progress;
  }

  /**
   * Registers the trained model as the next version, or returns the version with the same
   * fingerprint. Stores every file first, then commits the card in one compare-and-swap commit that
   * allocates the version number, then tags the source commit. With {@code push}, fetches first and
   * pushes the branch and tag, redoing the commit on top of the remote's head if someone else
   * pushed in between.
   *
   * @throws InvalidInputException for a bad name, an incomplete model directory, an evaluation of
   *     another model, or training data that is no registered dataset version
   */
  public RegisterResult register(RegisterRequest request) throws MlopsException {
    return new ModelWriter(registry, store, progress).register(request);
  }

  /** The cards of every version of model {@code name}, by version; empty if there is none. */
  public List<ModelVersionCard> list(String name) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return registry.query(s -> ModelPaths.cards(s, valid));
  }

  /** The aliases of model {@code name}, sorted by alias; empty if none was ever set. */
  public SortedMap<String, AliasEntry> aliases(String name) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return Collections.unmodifiableSortedMap(registry.query(s -> ModelPaths.aliases(s, valid)));
  }

  /** Every version of model {@code name} and its aliases, read from one registry snapshot. */
  public ModelListing listing(String name) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return registry.query(
        s -> new ModelListing(valid, ModelPaths.cards(s, valid), ModelPaths.aliases(s, valid)));
  }

  /**
   * The card of the version that {@code versionOrAlias} names: {@code v7}, {@code 7} or an alias.
   *
   * @throws InvalidInputException when there is no such version or alias (the message lists the
   *     existing ones)
   */
  public ModelVersionCard card(String name, String versionOrAlias) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return registry.query(
        s -> ModelPaths.card(s, valid, ModelPaths.resolve(s, valid, versionOrAlias)));
  }

  /**
   * Restores the artifacts of a version or alias to {@code cacheDir/<name>/v<N>/} from the store,
   * verifying each hash, and loads the model. Close the predictor to free its memory.
   *
   * @throws MlopsException naming the version, artifact and hash when an object is missing from the
   *     store or corrupt
   */
  public Predictor load(String name, String versionOrAlias, Path cacheDir) throws MlopsException {
    ModelVersionCard card = card(name, versionOrAlias);
    Path dir = restore(card, cacheDir);
    progress.info("Loading model " + card.name() + " " + card.versionName() + " from " + dir);
    return ModelFiles.load(dir);
  }

  /**
   * Restores the artifacts of {@code card}'s version to {@code cacheDir/<name>/v<N>/} from the
   * store, verifying each hash, without loading the model; returns that directory.
   *
   * @throws ModelArtifactException naming the version, artifact and hash when an object is missing
   *     from the store or corrupt
   */
  public Path restore(ModelVersionCard card, Path cacheDir) throws MlopsException {
    return new ArtifactCheck(store).restore(card, cacheDir);
  }

  /**
   * Hash-checks, in the store and without copying, every artifact of the version {@code
   * versionOrAlias} names (parameters, graph, labels, ONNX files, anything else its card lists);
   * returns its card. {@link #promote} runs this check before it moves an alias; a server runs it
   * (through {@link #restore}) before it swaps a version in.
   *
   * @throws ModelArtifactException naming the version, the artifact and its hash when an object is
   *     missing from the store or corrupt
   * @throws InvalidInputException when there is no such version or alias
   */
  public ModelVersionCard verify(String name, String versionOrAlias) throws MlopsException {
    ModelVersionCard card = card(name, versionOrAlias);
    new ArtifactCheck(store)
        .verify(card, "model " + card.name() + " " + card.versionName() + " cannot be used", "");
    return card;
  }

  /**
   * Points {@code alias} at {@code version} ({@code v7} or {@code 7}) in one commit whose message
   * says who moved it from which version to which. First every stored artifact of the version is
   * hash-checked ({@link #verify}); then, when the alias has a holder, {@code gate} compares the
   * two and refuses a candidate that is worse by more than its {@code maxRegression}, unless {@code
   * force}.
   *
   * @throws InvalidInputException for an unknown version, a bad alias name, or a refusal (the
   *     message holds both rows: version, accuracy, macro F1)
   * @throws ModelArtifactException when an artifact of the version is missing from the store or
   *     corrupt; nothing is committed and the alias stays where it was
   */
  public PromoteResult promote(
      String name, String alias, String version, ChampionGate gate, boolean force)
      throws MlopsException {
    return promote(name, alias, version, gate, force, null);
  }

  /**
   * Like {@link #promote(String, String, String, ChampionGate, boolean)}, shared through {@code
   * pushRemote} (a remote name such as {@code origin}, or a URL; null: local only): fetches first,
   * then pushes the registry branch, moving the alias again on top of the remote's head when
   * someone else pushed in between.
   */
  public PromoteResult promote(
      String name,
      String alias,
      String version,
      ChampionGate gate,
      boolean force,
      String pushRemote)
      throws MlopsException {
    String valid = Names.requireValid(name, "model");
    int to = Names.parseVersion(version, "version");
    return new AliasWriter(registry, new ArtifactCheck(store), progress)
        .promote(valid, ModelPaths.requireAlias(alias, "alias"), to, gate, force, pushRemote);
  }

  /**
   * Metrics for the champion gate measured on the project's current data: the recorded ones of a
   * version evaluated on this very dataset, else a fresh evaluation of the restored version on the
   * current test split (kept in the cache directory and reused while the data is unchanged).
   */
  public MetricsSource currentDataMetrics(Reevaluation data) {
    return new CurrentDataMetrics(this, Objects.requireNonNull(data, "data"), progress);
  }

  /**
   * Moves {@code alias} back to the version it pointed at before its last move, after checking that
   * version's stored artifacts as {@link #promote} does.
   *
   * @throws InvalidInputException when the alias is not set or has no previous version
   * @throws ModelArtifactException when an artifact of that version is missing or corrupt
   */
  public PromoteResult rollback(String name, String alias) throws MlopsException {
    return rollback(name, alias, null);
  }

  /**
   * Like {@link #rollback(String, String)}, shared through {@code pushRemote} as for {@link
   * #promote(String, String, String, ChampionGate, boolean, String)}; null: local only.
   */
  public PromoteResult rollback(String name, String alias, String pushRemote)
      throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return new AliasWriter(registry, new ArtifactCheck(store), progress)
        .rollback(valid, ModelPaths.requireAlias(alias, "alias"), pushRemote);
  }

  /**
   * Records {@code record} as the latest drift verdict of the version {@code versionOrAlias} names,
   * in one commit of {@code models/<name>/v<N>/drift.json} whose message says who recorded which
   * verdict from which data; {@code git log} of that file is the history of the checks. A null
   * {@code checkedBy} or {@code checkedAt} is filled with the Git identity and the current time.
   * With {@code pushRemote} (a remote name or URL; null: local only) fetches first, then pushes,
   * recording it again on top of the remote's head when someone else pushed in between.
   *
   * @return the version number the verdict was recorded for
   * @throws InvalidInputException for an unknown version or alias
   */
  public int recordDrift(String name, String versionOrAlias, DriftRecord record, String pushRemote)
      throws MlopsException {
    String valid = Names.requireValid(name, "model");
    Objects.requireNonNull(record, "record");
    return new DriftWriter(registry, progress).record(valid, versionOrAlias, record, pushRemote);
  }

  /**
   * The latest drift verdict of the version {@code versionOrAlias} names; empty when none was
   * recorded.
   *
   * @throws InvalidInputException for an unknown version or alias
   */
  public Optional<DriftRecord> drift(String name, String versionOrAlias) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return registry.query(
        s -> ModelPaths.drift(s, valid, ModelPaths.resolve(s, valid, versionOrAlias)));
  }

  /**
   * Whether the model behind {@code alias} is due for retraining, from the registry alone (no model
   * file is read): due when the alias is not set, when its dataset has a newer version than the one
   * the model was trained on, or when its latest drift verdict recommends retraining.
   *
   * @throws InvalidInputException for a bad model or alias name
   */
  public RetrainDecision retrainCheck(String name, String alias) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    String a = ModelPaths.requireAlias(alias, "alias");
    return registry.query(s -> RetrainCheck.decide(s, valid, a));
  }

  /**
   * The regression baseline of model {@code name} for {@code evaluate}: the metrics recorded in the
   * card of the version behind an alias; empty when that version was registered without an
   * evaluation, when the alias is unset now but was set before, or when the model never had any
   * alias (its first version is being built).
   *
   * <p>The provider throws {@link InvalidInputException} (setting {@code compareTo}) for an alias
   * the model never had while it has had others: a mistyped alias must not turn the gate off.
   */
  public BaselineProvider baseline(String name) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    return alias -> {
      String a = ModelPaths.requireAlias(alias, "compareTo");
      Optional<ModelVersionCard> holder =
          registry.query(
              s -> {
                AliasEntry entry = ModelPaths.aliases(s, valid).get(a);
                return entry == null
                    ? Optional.<ModelVersionCard>empty()
                    : Optional.of(ModelPaths.card(s, valid, entry.version()));
              });
      if (holder.isEmpty()) {
        KnownAliases.requireEverSet(registry, valid, a);
        return Optional.empty();
      }
      return Optional.ofNullable(holder.get().metrics());
    };
  }

  /**
   * How two versions (or aliases) of model {@code name} differ: metric deltas, hyperparameter
   * changes, and the diff of their dataset versions when those differ.
   *
   * @throws InvalidInputException when a version or alias does not exist
   */
  public ModelComparison compare(String name, String a, String b) throws MlopsException {
    String valid = Names.requireValid(name, "model");
    ModelVersionCard from = compared(valid, a);
    ModelVersionCard to = compared(valid, b);
    ModelVersionCard.DatasetRef da = from.dataset();
    ModelVersionCard.DatasetRef db = to.dataset();
    DataDiff diff = null;
    if (da.name().equals(db.name()) && da.version() != db.version()) {
      diff =
          new DatasetVersions(registry, store, progress)
              .diff(da.name(), da.version(), db.version());
    }
    return ModelComparison.of(from, to, diff);
  }

  /** The card {@code compare} names; a version or alias it lacks is the compare setting's fault. */
  private ModelVersionCard compared(String name, String versionOrAlias) throws MlopsException {
    try {
      return card(name, versionOrAlias);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.getMessage(), e.value(), new Remedy(e.remedy().stage(), List.of("compare")), e);
    }
  }
}
