package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol (v2) subset: model readiness and metadata, and {@code infer} with a
 * {@code BYTES} input of base64-encoded images, answered with an FP32 {@code probabilities} output
 * (one row per image, columns in label order) and a BYTES {@code label} output.
 */
final class OpenInference {
  private final ServeConfig config;
  private final ModelSlot slot;
  private final Classification classification;
  private final RequestReader reader;
  private final PredictionServer server;

  OpenInference(
      ServeConfig config,
      ModelSlot slot,
      Classification classification,
      RequestReader reader,
      PredictionServer server) {
    this.config = config;
    this.slot = slot;
    this.classification = classification;
    this.reader = reader;
    this.server = server;
  }

  void ready(Context ctx, String name) {
    if (name != null) {
      classification.requireServed(name);
    }
    boolean ready = slot.current() != null && !server.draining();
    ctx.status(ready ? 200 : 503);
    Map<String, Object> body = new LinkedHashMap<>();
    if (name != null) {
      body.put("name", name);
    }
    body.put("ready", ready);
    PredictionApi.json(ctx, body);
  }

  void v2Model(Context ctx) {
    classification.requireServed(ctx.pathParam("model"));
    ServedModel model = slot.acquire();
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", model.info().name());
      body.put("versions", versions());
      body.put(
          "platform", model.info().runtime().startsWith("onnx") ? "onnxruntime_onnx" : "pytorch");
      body.put(
          "inputs", List.of(Map.of("name", "image", "datatype", "BYTES", "shape", List.of(-1))));
      body.put(
          "outputs",
          List.of(
              Map.of(
                  "name",
                  "probabilities",
                  "datatype",
                  "FP32",
                  "shape",
                  List.of(-1, model.labels().size())),
              Map.of("name", "label", "datatype", "BYTES", "shape", List.of(-1))));
      body.put("parameters", Map.of("labels", model.labels()));
      PredictionApi.json(ctx, body);
    } finally {
      model.release();
    }
  }

  void v2Infer(Context ctx) {
    long start = System.nanoTime();
    classification.requireServed(ctx.pathParam("model"));
    JsonNode request;
    try {
      request = Json.mapper().readTree(reader.body(ctx));
    } catch (IOException e) {
      throw ApiException.badRequest("bad_json", "the body is not JSON: " + e.getMessage());
    }
    List<Upload> uploads = images(request);
    String id = request.path("id").isTextual() ? request.path("id").asText() : null;
    String requestId = RequestReader.validRequestId(id) ? id : reader.requestId(ctx);
    Classification.Result result = classification.classify(ctx, uploads, requestId, 0, start);
    PredictionApi.json(ctx, response(result, requestId));
  }

  /** The served versions: one, or control's and treatment's while an experiment runs. */
  private List<String> versions() {
    Routing routing = slot.routing();
    List<String> versions = new ArrayList<>();
    if (routing != null) {
      routing.models().forEach(m -> versions.add(m.info().versionName()));
    }
    return versions;
  }

  /** The images of the first input, which must be BYTES of base64 strings. */
  private static List<Upload> images(JsonNode request) {
    JsonNode inputs = request == null ? null : request.path("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw ApiException.badRequest(
          "bad_request",
          "the body has no \"inputs\": send {\"inputs\":[{\"name\":\"image\",\"shape\":[1],"
              + "\"datatype\":\"BYTES\",\"data\":[\"<base64 image>\"]}]}");
    }
    JsonNode input = inputs.get(0);
    if (!"BYTES".equals(input.path("datatype").asText())) {
      throw ApiException.badRequest(
          "bad_datatype",
          "input datatype '"
              + RequestReader.abbreviate(input.path("datatype").asText())
              + "' is not supported: send the encoded images as BYTES (base64 strings)");
    }
    List<Upload> uploads = new ArrayList<>();
    collect(input.path("data"), uploads);
    if (uploads.isEmpty()) {
      throw ApiException.badRequest("empty", "input \"data\" holds no images");
    }
    return uploads;
  }

  /** Probabilities in label order (one row per image) and the predicted labels. */
  private Map<String, Object> response(Classification.Result result, String requestId) {
    List<String> labels = result.labels();
    List<Double> flat = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (Map<String, Object> answer : result.answers()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> probs = (Map<String, Object>) answer.get("probabilities");
      for (String label : labels) {
        flat.add((Double) probs.get(label));
      }
      predicted.add((String) answer.get("label"));
    }
    int n = predicted.size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_name", config.modelName());
    body.put("model_version", result.version());
    body.put("id", requestId);
    body.put(
        "outputs",
        List.of(
            output("probabilities", "FP32", List.of(n, labels.size()), flat),
            output("label", "BYTES", List.of(n), predicted)));
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("labels", labels);
    if (result.experiment() != null) {
      parameters.put("experiment", result.experiment());
      parameters.put("variant", result.variant());
    }
    body.put("parameters", parameters);
    return body;
  }

  private static Map<String, Object> output(
      String name, String datatype, List<Integer> shape, Object data) {
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("name", name);
    output.put("datatype", datatype);
    output.put("shape", shape);
    output.put("data", data);
    return output;
  }

  private static void collect(JsonNode data, List<Upload> uploads) {
    if (data.isArray()) {
      for (JsonNode item : data) {
        collect(item, uploads);
      }
      return;
    }
    if (!data.isTextual()) {
      throw ApiException.badRequest(
          "bad_request", "input \"data\" must hold base64 strings of encoded images");
    }
    try {
      uploads.add(
          new Upload(
              Base64.getMimeDecoder().decode(data.asText()), "input image " + uploads.size()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "bad_base64", "input image " + uploads.size() + " is not base64: " + e.getMessage());
    }
  }
}
