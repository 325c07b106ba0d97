package dev.mlops.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this library, from the build (part of every training fingerprint). */
public final class CoreVersion {
  private CoreVersion() {}

  /** The version, e.g. {@code 0.1.0}. */
  public static String get() {
    try (InputStream in = CoreVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from mlops-core");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mlops-core's version.properties", e);
    }
  }
}
