package dev.mlops.core.registry;

import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One drift check of a model, local or registered. Build it with {@link #builder()}.
 *
 * @param incoming the directory of incoming images (optionally in class folders named after the
 *     model's classes); null when {@code served} is set
 * @param served the log directory of a prediction server whose stored images are checked instead of
 *     {@code incoming} (see {@link dev.mlops.core.drift.ServedImages}); null when {@code incoming}
 *     is set
 * @param servedImages where the served images are restored to (emptied of earlier ones first)
 * @param against a registered version ({@code v3}, {@code 3}) or alias ({@code production}) to
 *     check; null checks the model in {@code modelDirectory}
 * @param modelDirectory the trained model checked when {@code against} is null
 * @param evaluationFile the local model's {@code evaluation.json}: its metrics are the reference
 *     for labeled incoming images when it evaluated this very model (same fingerprint); may be null
 * @param model the model's name in the registry
 * @param projectDirectory the project whose Git repository holds the registry; null: no registry (a
 *     local check then records nothing, and {@code against} cannot be used)
 * @param store where registered versions' files are restored from
 * @param cacheDirectory where registered versions are restored to
 * @param config the thresholds
 * @param outputFile where {@code drift.json} goes
 * @param reportDirectory where {@code drift.html} goes, or null for none
 * @param record whether to record the verdict for the checked version in the registry
 * @param pushRemote the remote to fetch from and push the verdict to (a name such as {@code
 *     origin}, or a URL); null: local only
 * @param featureStore whether image features and the model's embeddings are read from (and kept in)
 *     the feature store of {@code store}, so images checked before are not decoded again
 */
public record DriftCheckRequest(
    Path incoming,
    Path served,
    Path servedImages,
    String against,
    Path modelDirectory,
    Path evaluationFile,
    String model,
    Path projectDirectory,
    ObjectStore store,
    Path cacheDirectory,
    DriftConfig config,
    Path outputFile,
    Path reportDirectory,
    boolean record,
    String pushRemote,
    boolean featureStore) {
  /** Checks the fields a check always needs, and those its kind (local or registered) needs. */
  public DriftCheckRequest {
    if (incoming == null && served == null) {
      throw new NullPointerException("incoming (or served)");
    }
    if (served != null) {
      Objects.requireNonNull(servedImages, "servedImages (needed with served)");
    }
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outputFile, "outputFile");
    if (against == null) {
      Objects.requireNonNull(modelDirectory, "modelDirectory (needed without against)");
    } else {
      Objects.requireNonNull(projectDirectory, "projectDirectory (needed with against)");
      Objects.requireNonNull(model, "model (needed with against)");
    }
  }

  /** A builder: local model, no registry, default thresholds, recording on, no remote. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link DriftCheckRequest}. {@code set*} values are required, {@code opt*} values have
   * defaults, and a {@code null} argument keeps the default.
   */
  public static final class Builder {
    private Path incoming;
    private Path served;
    private Path servedImages;
    private String against;
    private Path modelDirectory;
    private Path evaluationFile;
    private String model;
    private Path projectDirectory;
    private ObjectStore store;
    private Path cacheDirectory;
    private DriftConfig config;
    private Path outputFile;
    private Path reportDirectory;
    private boolean record = true;
    private String pushRemote;
    private boolean featureStore = true;

    private Builder() {}

    /** Sets {@link DriftCheckRequest#featureStore()} (default true). */
    public Builder optFeatureStore(boolean value) {
      featureStore = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#incoming()}. */
    public Builder setIncoming(Path value) {
      incoming = value;
      return this;
    }

    /**
     * Checks the images a prediction server stored instead of {@code incoming}: sets {@link
     * DriftCheckRequest#served()} and {@link DriftCheckRequest#servedImages()}; a null {@code
     * imagesDirectory} is {@code served-images} next to the output file.
     */
    public Builder optServed(Path logDirectory, Path imagesDirectory) {
      served = logDirectory;
      servedImages = imagesDirectory;
      return this;
    }

    /** Sets {@link DriftCheckRequest#outputFile()}. */
    public Builder setOutputFile(Path value) {
      outputFile = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#against()}; null checks the local model. */
    public Builder optAgainst(String value) {
      against = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#modelDirectory()}. */
    public Builder optModelDirectory(Path value) {
      modelDirectory = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#evaluationFile()}. */
    public Builder optEvaluationFile(Path value) {
      evaluationFile = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#model()} and the registry's project directory. */
    public Builder optRegistry(String modelName, Path project) {
      model = modelName;
      projectDirectory = project;
      return this;
    }

    /** Sets {@link DriftCheckRequest#store()}; default: {@link ObjectStore#defaultRoot()}. */
    public Builder optStore(ObjectStore value) {
      store = value;
      return this;
    }

    /**
     * Sets {@link DriftCheckRequest#cacheDirectory()}; default: {@code registry-cache} next to the
     * output file.
     */
    public Builder optCacheDirectory(Path value) {
      cacheDirectory = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#config()}; default: {@link DriftConfig#builder()}'s. */
    public Builder optConfig(DriftConfig value) {
      config = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#reportDirectory()}; default: none. */
    public Builder optReportDirectory(Path value) {
      reportDirectory = value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#record()}; default true. */
    public Builder optRecord(Boolean value) {
      record = value == null ? record : value;
      return this;
    }

    /** Sets {@link DriftCheckRequest#pushRemote()}; default: local only. */
    public Builder optPushRemote(String value) {
      pushRemote = value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws NullPointerException naming a missing required value
     */
    public DriftCheckRequest build() {
      Objects.requireNonNull(outputFile, "outputFile");
      Path parent = outputFile.toAbsolutePath().getParent();
      Path cache = cacheDirectory != null ? cacheDirectory : parent.resolve("registry-cache");
      return new DriftCheckRequest(
          incoming,
          served,
          served == null
              ? null
              : servedImages != null ? servedImages : parent.resolve("served-images"),
          against,
          modelDirectory,
          evaluationFile,
          model,
          projectDirectory,
          store != null ? store : new ObjectStore(ObjectStore.defaultRoot()),
          cache,
          config != null ? config : DriftConfig.defaults(defaultWorkers()),
          outputFile,
          reportDirectory,
          record,
          pushRemote,
          featureStore);
    }

    private static int defaultWorkers() {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
  }
}
