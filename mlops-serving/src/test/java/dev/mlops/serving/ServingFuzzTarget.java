package dev.mlops.serving;

import dev.mlops.core.fuzz.FuzzTarget;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.image.Preprocessing;

/**
 * The server's preprocessing of an uploaded image as a fuzz target: {@link ImageDecoder} (the
 * header check, then the decode) and the model's preprocessing, as {@link Classification} runs them
 * for every upload. The documented refusals are {@link ApiException}s with status 400 or 413; they
 * must name the upload.
 */
public final class ServingFuzzTarget implements FuzzTarget {
  private final ImageDecoder decoder;
  private final ImagePreprocessor preprocessor =
      new ImagePreprocessor(Preprocessing.imagenet(32, 3));

  /** A target refusing uploads over {@code maxPixels}. */
  public ServingFuzzTarget(long maxPixels) {
    this.decoder = new ImageDecoder(maxPixels);
  }

  @Override
  public String name() {
    return "serving";
  }

  @Override
  public boolean decodes() {
    return true;
  }

  @Override
  public Outcome handle(FuzzCase file) {
    try {
      preprocessor.tensor(decoder.decode(file.bytes(), "file '" + file.name() + "'"));
      return Outcome.ACCEPTED;
    } catch (ApiException e) {
      if (e.status() != 400 && e.status() != 413) {
        throw new IllegalStateException("status " + e.status() + " for a bad upload", e);
      }
      return Outcome.reported(e.getMessage());
    }
  }
}
