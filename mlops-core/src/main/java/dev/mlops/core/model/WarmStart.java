package dev.mlops.core.model;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link ModelWeights#loadInto} did.
 *
 * @param file the parameter file read
 * @param copiedParameters learned scalars copied from the file (running statistics not counted)
 * @param headReinitialised whether the head kept its fresh initial values instead of the file's
 * @param fileClasses the class count of the model that wrote the file
 * @param modelClasses the class count of the model loaded into
 */
public record WarmStart(
    Path file,
    long copiedParameters,
    boolean headReinitialised,
    int fileClasses,
    int modelClasses) {

  /** One line for logs. */
  public String summary() {
    String head;
    if (!headReinitialised) {
      head = "head copied";
    } else if (fileClasses != modelClasses) {
      head =
          "head re-initialised (the file has "
              + fileClasses
              + " classes, the model "
              + modelClasses
              + ")";
    } else {
      head = "head re-initialised as requested";
    }
    return String.format(
        Locale.ROOT,
        "initialised from %s: %,d parameters copied, %s",
        file,
        copiedParameters,
        head);
  }
}
