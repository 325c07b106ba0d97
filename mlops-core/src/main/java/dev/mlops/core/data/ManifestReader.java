package dev.mlops.core.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mlops.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a manifest's JSON with Jackson's streaming parser rather than its data binding: binding
 * builds each of a large manifest's entries through its record constructor by reflection, which
 * took 1.7-1.9 s for 100,000 entries in a fresh JVM (0.46 s once warm), the largest part of a
 * {@code checkout-data} of that many files. Accepts exactly what binding accepted: the fields of
 * {@link Manifest}, {@link SplitPolicy} and {@link ManifestEntry} in any order, unknown fields
 * refused.
 */
final class ManifestReader {
  private ManifestReader() {}

  static Manifest read(byte[] json) throws IOException {
    try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      int format = 0;
      Layout layout = null;
      SplitPolicy policy = null;
      List<ManifestEntry> entries = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "format" -> format = p.getIntValue();
          case "layout" -> layout = value == JsonToken.VALUE_NULL ? null : layout(p.getText(), p);
          case "splitPolicy" -> policy = value == JsonToken.VALUE_NULL ? null : policy(p);
          case "entries" -> entries = value == JsonToken.VALUE_NULL ? null : entries(p);
          default -> throw unknown(field, "manifest", p);
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, p);
      if (p.nextToken() != null) {
        throw new IOException("trailing content after the manifest at " + p.currentLocation());
      }
      try {
        return new Manifest(format, layout, policy, entries == null ? List.of() : entries);
      } catch (RuntimeException e) {
        throw new IOException("invalid manifest: " + e.getMessage(), e);
      }
    }
  }

  private static Layout layout(String name, JsonParser p) throws IOException {
    return switch (name) {
      case "split-folders" -> Layout.SPLIT_FOLDERS;
      case "class-folders" -> Layout.CLASS_FOLDERS;
      default -> throw new IOException("unknown layout '" + name + "' at " + p.currentLocation());
    };
  }

  private static SplitPolicy policy(JsonParser p) throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, p);
    double train = 0;
    double val = 0;
    double test = 0;
    long seed = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "train" -> train = p.getDoubleValue();
        case "val" -> val = p.getDoubleValue();
        case "test" -> test = p.getDoubleValue();
        case "seed" -> seed = p.getLongValue();
        default -> throw unknown(field, "splitPolicy", p);
      }
    }
    try {
      return new SplitPolicy(train, val, test, seed);
    } catch (RuntimeException e) {
      throw new IOException("invalid splitPolicy: " + e.getMessage(), e);
    }
  }

  private static List<ManifestEntry> entries(JsonParser p) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, p);
    List<ManifestEntry> entries = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String path = null;
      Split split = null;
      String label = null;
      String sha256 = null;
      long size = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        boolean isNull = value == JsonToken.VALUE_NULL;
        switch (field) {
          case "path" -> path = isNull ? null : p.getText();
          case "split" -> split = isNull ? null : split(p);
          case "label" -> label = isNull ? null : p.getText();
          case "sha256" -> sha256 = isNull ? null : p.getText();
          case "size" -> size = p.getLongValue();
          default -> throw unknown(field, "manifest entry", p);
        }
      }
      try {
        entries.add(new ManifestEntry(path, split, label, sha256, size));
      } catch (RuntimeException e) {
        throw new IOException(
            "invalid manifest entry at " + p.currentLocation() + ": missing " + e.getMessage(), e);
      }
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, p);
    return entries;
  }

  private static Split split(JsonParser p) throws IOException {
    try {
      return Split.fromJson(p.getText());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage() + " at " + p.currentLocation(), e);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new IOException(
          "expected " + expected + " but found " + actual + " at " + p.currentLocation());
    }
  }

  private static IOException unknown(String field, String where, JsonParser p) {
    return new IOException(
        "unknown field '" + field + "' in " + where + " at " + p.currentLocation());
  }
}
