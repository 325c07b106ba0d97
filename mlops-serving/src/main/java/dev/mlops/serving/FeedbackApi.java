package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.feedback.FeedbackRecord;
import dev.mlops.core.store.Hashing;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The feedback routes: {@code POST /feedback}, {@code GET /feedback/stats} and {@code GET
 * /feedback/images/{sha256}}. Parse, call the {@link FeedbackDesk}, answer; a request that is
 * refused writes nothing.
 */
final class FeedbackApi {
  private final FeedbackDesk desk;
  private final ModelSlot slot;
  private final RequestReader reader;
  private final Classification classification;

  /** {@code desk} is null when feedback is off (no feedback directory). */
  FeedbackApi(
      FeedbackDesk desk, ModelSlot slot, RequestReader reader, Classification classification) {
    this.desk = desk;
    this.slot = slot;
    this.reader = reader;
    this.classification = classification;
  }

  void post(Context ctx) {
    FeedbackDesk open = requireOn();
    if (!RequestReader.contentType(ctx).startsWith("application/json")) {
      // Also keeps other web sites out: a cross-origin JSON post needs a CORS preflight, which
      // this server never grants, so a page elsewhere cannot slip feedback into the training data.
      throw new ApiException(
          415,
          "unsupported_media_type",
          "send feedback as JSON with Content-Type: application/json");
    }
    // The user the answer was routed for: a browser without X-User-Id has the server's cookie.
    String user = ctx.header("X-User-Id");
    FeedbackRequest request =
        FeedbackRequest.parse(
            reader.body(ctx), user != null ? user : RequestReader.cookieUserId(ctx));
    ServedModel model = slot.current();
    if (model == null) {
      throw new ApiException(503, "not_ready", "no model is loaded");
    }
    boolean proposed = FeedbackDesk.proposed(request, model.labels());
    RecentPredictions.Prediction prediction;
    byte[] bytes;
    if (request.image() != null) {
      bytes = request.image();
      String sha = Hashing.sha256(bytes);
      if (request.imageSha256() != null && !request.imageSha256().equals(sha)) {
        throw ApiException.badRequest(
            "hash_mismatch", "field 'image' hashes to " + sha + ", not to 'imageSha256'");
      }
      prediction = classifySent(ctx, bytes);
    } else {
      prediction = open.find(request);
      bytes = readKept(prediction);
    }
    FeedbackRecord record;
    try {
      record = open.accept(prediction, bytes, request, proposed);
    } catch (MlopsException e) {
      throw new ApiException(
          500, "not_stored", "the feedback was not stored: " + e.getMessage() + "; retry");
    }
    PredictionApi.json(ctx.status(201), record);
  }

  /** An image sent along is classified as any other, so the record says what the model thinks. */
  private RecentPredictions.Prediction classifySent(Context ctx, byte[] bytes) {
    String requestId = reader.requestId(ctx);
    Map<String, Object> answer =
        classification
            .classify(
                ctx, List.of(new Upload(bytes, "field 'image'")), requestId, 0, System.nanoTime())
            .answers()
            .get(0);
    return new RecentPredictions.Prediction(
        requestId,
        (String) answer.get("imageSha256"),
        (String) answer.get("model"),
        (String) answer.get("version"),
        (String) answer.get("label"));
  }

  private byte[] readKept(RecentPredictions.Prediction prediction) {
    try {
      byte[] bytes = desk.recent().bytes(prediction.imageSha256());
      if (bytes == null) {
        throw ApiException.badRequest(
            "unknown_prediction",
            "image "
                + prediction.imageSha256()
                + " was just evicted from the recent predictions: send it along in field 'image'");
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(500, "not_stored", "cannot read the kept image: " + e.getMessage());
    }
  }

  void stats(Context ctx) {
    PredictionApi.json(ctx, requireOn().statsJson());
  }

  void image(Context ctx) {
    byte[] bytes;
    try {
      bytes = requireOn().image(ctx.pathParam("sha256"));
    } catch (MlopsException e) {
      throw new ApiException(
          500, "store", "cannot read the image from the store: " + e.getMessage());
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.contentType(imageType(bytes)).result(bytes);
  }

  /** The type from the first bytes; browsers then never guess (nosniff). */
  static String imageType(byte[] b) {
    if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
      return "image/jpeg";
    }
    if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E') {
      return "image/webp";
    }
    if (b.length > 2 && b[0] == 'B' && b[1] == 'M') {
      return "image/bmp";
    }
    return "application/octet-stream";
  }

  private FeedbackDesk requireOn() {
    if (desk == null) {
      throw new ApiException(
          404,
          "feedback_off",
          "feedback is off on this server: set feedbackDirectory (-Dmlops.feedback.directory,"
              + " --feedback-dir)");
    }
    return desk;
  }
}
