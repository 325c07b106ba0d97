package dev.mlops.core.features;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import java.nio.file.Path;

/**
 * What {@link FeatureExport} writes: one row per image of a dataset version.
 *
 * @param view the view's name, e.g. {@code image-stats} or {@code embedding/<model>/v3}
 * @param manifest the dataset version whose images (path, split, label, content hash) are the rows
 * @param output the file to write; its extension ({@code .parquet} or {@code .csv}) is the format
 * @param skipMissing leave out images without values instead of failing (default false: an export
 *     is complete or it is not written)
 */
public record ExportRequest(String view, Manifest manifest, Path output, boolean skipMissing) {
  /** Checks the fields; the builder turns a rejection into an {@link InvalidInputException}. */
  public ExportRequest {
    ConfigValueException.require(view != null && !view.isBlank(), "view", view, "name a view");
    ConfigValueException.require(manifest != null, "manifest", null, "give a dataset version");
    ConfigValueException.require(output != null, "output", null, "name a .parquet or .csv file");
  }

  /** A builder: {@code setView}, {@code setManifest} and {@code setOutput} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ExportRequest}. */
  public static final class Builder {
    private String view;
    private Manifest manifest;
    private Path output;
    private boolean skipMissing;

    private Builder() {}

    /** The view's name. */
    public Builder setView(String view) {
      this.view = view;
      return this;
    }

    /** The dataset version to export. */
    public Builder setManifest(Manifest manifest) {
      this.manifest = manifest;
      return this;
    }

    /** The output file ({@code .parquet} or {@code .csv}). */
    public Builder setOutput(Path output) {
      this.output = output;
      return this;
    }

    /** Leave out images without values (default false); null keeps the default. */
    public Builder optSkipMissing(Boolean skipMissing) {
      if (skipMissing != null) {
        this.skipMissing = skipMissing;
      }
      return this;
    }

    /**
     * The request.
     *
     * @throws InvalidInputException naming the missing or bad field
     */
    public ExportRequest build() throws InvalidInputException {
      try {
        return new ExportRequest(view, manifest, output, skipMissing);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("feature export");
      }
    }
  }
}
