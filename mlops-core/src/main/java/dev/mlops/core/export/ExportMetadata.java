package dev.mlops.core.export;

import dev.mlops.core.Json;
import dev.mlops.core.image.Preprocessing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a consumer of an exported model needs besides the graph: the class names and how to prepare
 * an image, plus where the model came from. Stored as ONNX {@code metadata_props}, so any ONNX
 * runtime can read it without our code:
 *
 * <ul>
 *   <li>{@code labels}: JSON list of class names, index = output column;
 *   <li>{@code input_size}, {@code channels}, {@code channel_order} ({@code RGB} or {@code gray}),
 *       {@code layout} ({@code NCHW}), {@code pixel_scale} ({@code 1/255});
 *   <li>{@code mean}, {@code std}: JSON lists, per channel: input = (pixel / 255 - mean) / std;
 *   <li>{@code resize}: how the image is brought to {@code input_size} (bilinear, full image);
 *   <li>{@code model_name}, {@code model_version}, {@code fingerprint}, {@code architecture},
 *       {@code quantization} ({@code none} or {@code int8}).
 * </ul>
 *
 * @param labels class names, index = output column
 * @param preprocessing how images become the input tensor
 * @param modelName the model's name (the Maven artifactId by default)
 * @param modelVersion the project version or registry version the model belongs to
 * @param fingerprint the training fingerprint of the model
 */
public record ExportMetadata(
    List<String> labels,
    Preprocessing preprocessing,
    String modelName,
    String modelVersion,
    String fingerprint) {

  /** Metadata key of the class names. */
  public static final String LABELS = "labels";

  /** Metadata key of the preprocessing as one JSON object (our {@link Preprocessing}). */
  public static final String PREPROCESSING = "mlops.preprocessing";

  /** Metadata key of the quantization ({@code none} or {@code int8}). */
  public static final String QUANTIZATION = "quantization";

  /** Copies the labels; the strings must not be null. */
  public ExportMetadata {
    labels = List.copyOf(labels);
    Objects.requireNonNull(preprocessing, "preprocessing");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** The metadata entries, in a stable order. */
  Map<String, String> properties(String architecture, String quantization) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(LABELS, new String(Json.canonical(labels), java.nio.charset.StandardCharsets.UTF_8));
    props.put("input_size", String.valueOf(preprocessing.inputSize()));
    props.put("channels", String.valueOf(preprocessing.channels()));
    props.put("channel_order", preprocessing.channels() == 3 ? "RGB" : "gray");
    props.put("layout", "NCHW");
    props.put("pixel_scale", "1/255");
    props.put("mean", floats(preprocessing.mean()));
    props.put("std", floats(preprocessing.std()));
    props.put("resize", "bilinear (antialiased when shrinking, as PIL), whole image to input_size");
    props.put("normalization", "input = (pixel * pixel_scale - mean[c]) / std[c]");
    props.put("output", "probabilities: softmax over labels, one row per image");
    props.put("model_name", modelName);
    props.put("model_version", modelVersion);
    props.put("fingerprint", fingerprint);
    props.put("architecture", architecture);
    props.put(QUANTIZATION, quantization);
    props.put(
        PREPROCESSING,
        new String(Json.canonical(preprocessing), java.nio.charset.StandardCharsets.UTF_8));
    return props;
  }

  private static String floats(float[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return text.append(']').toString();
  }
}
