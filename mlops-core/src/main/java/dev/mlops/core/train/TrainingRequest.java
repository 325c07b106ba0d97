package dev.mlops.core.train;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.EngineVersion;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one {@link ModelTrainer#train} call needs. Build it with {@link #builder()}.
 *
 * @param dataDirectory the directory the manifest's relative paths point into
 * @param manifest the dataset (its id is part of the fingerprint)
 * @param config hyperparameters and resources
 * @param outputDir the model directory written on success, e.g. {@code target/mlops/model}
 * @param workDir where checkpoints live while training, e.g. {@code target/mlops/train}
 * @param runCache the object store holding finished runs by fingerprint; {@code null} = no cache
 * @param coreVersion the version of this library (part of the fingerprint)
 * @param engineVersion the engine build that trains (part of the fingerprint); read from the engine
 *     jars by {@link EngineVersion#current()} unless given
 */
public record TrainingRequest(
    Path dataDirectory,
    Manifest manifest,
    TrainingConfig config,
    Path outputDir,
    Path workDir,
    ObjectStore runCache,
    String coreVersion,
    String engineVersion) {
  /** Requires every field except the run cache. */
  public TrainingRequest {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(coreVersion, "coreVersion");
    Objects.requireNonNull(engineVersion, "engineVersion");
  }

  /** A request trained by this process's engine build. */
  public TrainingRequest(
      Path dataDirectory,
      Manifest manifest,
      TrainingConfig config,
      Path outputDir,
      Path workDir,
      ObjectStore runCache,
      String coreVersion) {
    this(
        dataDirectory,
        manifest,
        config,
        outputDir,
        workDir,
        runCache,
        coreVersion,
        EngineVersion.current().toString());
  }

  /** A builder: default config, no run cache, this library's version and engine build. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link TrainingRequest}: {@code set*} values are required, {@code opt*} values have
   * defaults (a {@code null} argument keeps the default).
   */
  public static final class Builder {
    private Path dataDirectory;
    private Manifest manifest;
    private TrainingConfig config;
    private Path outputDir;
    private Path workDir;
    private ObjectStore runCache;
    private String coreVersion;
    private String engineVersion;

    private Builder() {}

    /** Sets {@link TrainingRequest#dataDirectory()} and {@link TrainingRequest#manifest()}. */
    public Builder setData(Path directory, Manifest scanned) {
      dataDirectory = directory;
      manifest = scanned;
      return this;
    }

    /** Sets {@link TrainingRequest#outputDir()}. */
    public Builder setOutputDir(Path value) {
      outputDir = value;
      return this;
    }

    /** Sets {@link TrainingRequest#workDir()}. */
    public Builder setWorkDir(Path value) {
      workDir = value;
      return this;
    }

    /** Sets {@link TrainingRequest#config()}; default {@link TrainingConfig#defaults()}. */
    public Builder optConfig(TrainingConfig value) {
      config = value;
      return this;
    }

    /** Sets {@link TrainingRequest#runCache()}; default none. */
    public Builder optRunCache(ObjectStore value) {
      runCache = value;
      return this;
    }

    /** Sets {@link TrainingRequest#coreVersion()}; default {@link CoreVersion#get()}. */
    public Builder optCoreVersion(String value) {
      coreVersion = value;
      return this;
    }

    /** Sets {@link TrainingRequest#engineVersion()}; default {@link EngineVersion#current()}. */
    public Builder optEngineVersion(String value) {
      engineVersion = value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws NullPointerException naming a missing required value
     */
    public TrainingRequest build() {
      return new TrainingRequest(
          dataDirectory,
          manifest,
          config != null ? config : TrainingConfig.defaults(),
          outputDir,
          workDir,
          runCache,
          coreVersion != null ? coreVersion : CoreVersion.get(),
          engineVersion != null ? engineVersion : EngineVersion.current().toString());
    }
  }
}
