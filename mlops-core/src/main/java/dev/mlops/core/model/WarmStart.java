package dev.mlops.core.model;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link ModelWeights#loadInto} did.
 *
 * @param file the parameter file read
 * @param copiedParameters learned scalars copied from the file (running statistics not counted)
 * @param headReinitialised whether the head kept its fresh initial values instead of the file's
 * @param fileClasses the class count of the model that wrote the file
 * @param modelClasses the class count of the model loaded into
 * @param origin what an imported file is ({@link WeightsImport#description()}), or null for a
 *     params file written here
 * @param foldedConvolutions convolutions of an imported file whose batch norm was folded into them
 */
public record WarmStart(
    Path file,
    long copiedParameters,
    boolean headReinitialised,
    int fileClasses,
    int modelClasses,
    String origin,
    long foldedConvolutions) {

  /** A warm start from a params file written here. */
  public WarmStart(
      Path file,
      long copiedParameters,
      boolean headReinitialised,
      int fileClasses,
      int modelClasses) {
    this(file, copiedParameters, headReinitialised, fileClasses, modelClasses, null, 0);
  }

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
        "initialised from %s%s: %,d parameters copied, %s",
        file,
        origin == null ? "" : " (" + origin + ")",
        copiedParameters,
        head);
  }

  /**
   * A warning for an import whose batch norms were folded into the convolutions: the model then
   * starts with pass-through batch norms, so training the whole network begins without the learned
   * normalisation (a frozen backbone computes exactly what the file does).
   */
  public Optional<String> warning() {
    if (foldedConvolutions == 0) {
      return Optional.empty();
    }
    return Optional.of(
        "initFrom: "
            + file.getFileName()
            + " has batch norm folded into "
            + foldedConvolutions
            + " convolutions (an eval-mode export): the imported network computes what the file"
            + " does, but training all layers starts from batch norms without their learned"
            + " scale and statistics; for full fine-tuning export with"
            + " training=torch.onnx.TrainingMode.TRAINING after setting every batch norm's"
            + " momentum to 0, which keeps them (see the README); training only the head is exact"
            + " either way");
  }
}
