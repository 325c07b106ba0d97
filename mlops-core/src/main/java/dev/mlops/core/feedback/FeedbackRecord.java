package dev.mlops.core.feedback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One person's verdict on one prediction: a confirmation ({@code label} equals {@code predicted})
 * or a correction. A label the model does not know is kept apart as {@code proposed}: it is not
 * trained on until someone adds the class to the project.
 *
 * @param id the record's number in its log, from 1, in the order records were acknowledged
 * @param time when it was acknowledged, ISO-8601 UTC
 * @param model the model that made the prediction
 * @param version the version that made it ({@code v<N>}, or {@code local})
 * @param predicted the label the model predicted
 * @param label the label the person gave
 * @param proposed whether {@code label} is not one of the model's labels
 * @param requestId the prediction request it answers, or null when the image was sent along
 * @param imageSha256 the image's SHA-256; its bytes are in the object store
 * @param userId who gave it, or null
 * @param comment free text, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackRecord(
    long id,
    String time,
    String model,
    String version,
    String predicted,
    String label,
    boolean proposed,
    String requestId,
    String imageSha256,
    String userId,
    String comment) {

  /** Checks the fields every record has. */
  public FeedbackRecord {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(imageSha256, "imageSha256");
  }

  /** Whether the person agreed with the prediction. */
  public boolean confirmation() {
    return label.equals(predicted);
  }

  /** This record numbered {@code n} at {@code acknowledged}. */
  FeedbackRecord numbered(long n, String acknowledged) {
    return new FeedbackRecord(
        n,
        acknowledged,
        model,
        version,
        predicted,
        label,
        proposed,
        requestId,
        imageSha256,
        userId,
        comment);
  }
}
