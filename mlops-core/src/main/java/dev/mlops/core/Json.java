package dev.mlops.core;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON mappers of the project. Properties and map keys are sorted, so the same value always
 * gives the same bytes: manifest ids and registry files are stable on every machine.
 */
public final class Json {
  private static final ObjectMapper COMPACT = build().build();
  private static final ObjectMapper PRETTY =
      build().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  private static JsonMapper.Builder build() {
    // No findAndAddModules(): which Jackson modules happen to be on the class path (Spark brings
    // Scala's) must not change canonical bytes, and the service scan cost a cold build time.
    return JsonMapper.builder()
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** The mapper for reading, and for canonical (compact, sorted) writing. */
  public static ObjectMapper mapper() {
    return COMPACT;
  }

  /** Canonical compact bytes of {@code value}: sorted keys, no white space, UTF-8. */
  public static byte[] canonical(Object value) {
    try {
      return COMPACT.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Indented bytes of {@code value} for files people read; keys sorted, ends with a newline. */
  public static byte[] pretty(Object value) {
    try {
      String text = PRETTY.writeValueAsString(value) + "\n";
      return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
