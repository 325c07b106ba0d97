package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /feedback}, checked field by field before anything is looked up or
 * written: every refusal names the field and what it accepts.
 *
 * @param requestId the prediction request it answers, or null
 * @param imageSha256 the predicted image's hash, or null
 * @param image the image bytes sent along (base64 in the body), or null
 * @param label the label the person gives
 * @param propose whether a label the model does not know is proposed as a new class
 * @param userId who gives it, or null
 * @param comment free text up to {@value #MAX_COMMENT} characters, or null
 */
record FeedbackRequest(
    String requestId,
    String imageSha256,
    byte[] image,
    String label,
    boolean propose,
    String userId,
    String comment) {
  static final int MAX_COMMENT = 1_000;
  static final int MAX_LABEL = 100;
  private static final Set<String> FIELDS =
      Set.of("requestId", "imageSha256", "image", "label", "propose", "userId", "comment");
  private static final Pattern USER_ID = Pattern.compile("[\\p{Graph} ]{1,256}");

  /** Parses and checks a request body; {@code headerUserId} is {@code X-User-Id}, if any. */
  static FeedbackRequest parse(byte[] body, String headerUserId) {
    JsonNode json = object(body);
    String label = label(json);
    String requestId = text(json, "requestId");
    if (requestId != null && !RequestReader.validRequestId(requestId)) {
      throw bad("bad_requestId", "field 'requestId' is not a request id of this server");
    }
    String sha = text(json, "imageSha256");
    if (sha != null && !RecentPredictions.isSha256(sha)) {
      throw bad("bad_imageSha256", "field 'imageSha256' must be 64 lower-case hex digits");
    }
    byte[] image = image(text(json, "image"));
    if (requestId == null && sha == null && image == null) {
      throw bad(
          "missing_image",
          "name the prediction: field 'requestId' or 'imageSha256' (from the prediction's answer),"
              + " or send the image as base64 in field 'image'");
    }
    if (requestId != null && image != null) {
      throw bad("ambiguous", "send either 'requestId' or 'image', not both");
    }
    return new FeedbackRequest(
        requestId, sha, image, label, propose(json), userId(json, headerUserId), comment(json));
  }

  /** The body as a JSON object of known fields only (a typo is refused, not ignored). */
  private static JsonNode object(byte[] body) {
    JsonNode json;
    try {
      json = WireJson.mapper().readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw bad(
          "malformed_json",
          "the body is not JSON ("
              + RequestReader.abbreviate(String.valueOf(e.getOriginalMessage()))
              + "); send {\"requestId\":\"...\",\"label\":\"...\"}");
    } catch (IOException e) {
      throw bad("malformed_json", "the body cannot be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw bad("malformed_json", "the body must be a JSON object with requestId and label");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw bad(
            "unknown_field",
            "field '" + RequestReader.abbreviate(name) + "' is not known; use " + sorted());
      }
    }
    return json;
  }

  private static String label(JsonNode json) {
    String label = text(json, "label");
    if (label == null || label.isBlank()) {
      throw bad("missing_label", "field 'label' is required: the right class of the image");
    }
    if (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
      throw bad(
          "bad_label", "field 'label' must be at most " + MAX_LABEL + " printable characters");
    }
    return label.trim();
  }

  private static byte[] image(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(base64);
      if (bytes.length == 0) {
        throw bad("bad_image", "field 'image' is empty");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw bad("bad_image", "field 'image' is not base64: " + e.getMessage());
    }
  }

  private static boolean propose(JsonNode json) {
    JsonNode node = json.get("propose");
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw bad("bad_propose", "field 'propose' must be true or false");
    }
    return node.booleanValue();
  }

  private static String userId(JsonNode json, String header) {
    String given = text(json, "userId");
    if (given == null) {
      given = header;
    }
    if (given != null && !USER_ID.matcher(given).matches()) {
      throw bad("bad_userId", "the user id must be 1 to 256 printable characters");
    }
    return given;
  }

  private static String comment(JsonNode json) {
    String comment = text(json, "comment");
    if (comment != null && comment.length() > MAX_COMMENT) {
      throw bad(
          "comment_too_long",
          "field 'comment' has "
              + comment.length()
              + " characters; at most "
              + MAX_COMMENT
              + " are kept");
    }
    return comment == null || comment.isBlank() ? null : comment;
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw bad("bad_" + field, "field '" + field + "' must be a string");
    }
    return node.textValue();
  }

  private static String sorted() {
    return String.join(", ", new java.util.TreeSet<>(FIELDS));
  }

  private static ApiException bad(String error, String message) {
    return ApiException.badRequest(error, message);
  }
}
