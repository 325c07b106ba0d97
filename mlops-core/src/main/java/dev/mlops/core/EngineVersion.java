package dev.mlops.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Which deep-learning engine build this process would train with: the DJL version and the PyTorch
 * native library that DJL loads, read from the engine jars' metadata without starting the engine
 * (loading the natives costs seconds, and an up-to-date build must not pay for them).
 *
 * <p>It follows DJL's own choice of library (its {@code LibUtils}, DJL 0.35): a {@code libtorch}
 * found in {@code PYTORCH_LIBRARY_PATH} wins; then a {@code PYTORCH_VERSION} override; then the
 * {@code pytorch-native} jar on the class path ({@code native/lib/pytorch.properties}, whose build
 * date is kept: two builds of one release are two engines). The engine reports the same version
 * once loaded ({@code Engine.getVersion()}); a test checks that they agree.
 *
 * @param djl the DJL API version, e.g. {@code 0.35.1}
 * @param pytorch the PyTorch native library: its version, flavor and platform (e.g. {@code
 *     2.7.1-20250812 cpu linux-x86_64}), or where an override loads it from
 * @param jni the version of DJL's JNI bridge to PyTorch, e.g. {@code 2.7.1-0.35.1}
 */
public record EngineVersion(String djl, String pytorch, String jni) {
  private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
  private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";
  private static final String DJL_PROPERTIES = "ai/djl/engine/api.properties";
  private static final String LIBTORCH = System.mapLibraryName("torch");

  /** The engine build of this process's class path and environment. */
  public static EngineVersion current() {
    return read(EngineVersion::setting);
  }

  /** The engine build with DJL's settings ({@code PYTORCH_*}) looked up by {@code settings}. */
  static EngineVersion read(UnaryOperator<String> settings) {
    return new EngineVersion(
        property(DJL_PROPERTIES, "djl_version"),
        nativeLibrary(settings),
        property(JNI_PROPERTIES, "jni_version"));
  }

  /** The one-line form that joins the training fingerprint. */
  @Override
  public String toString() {
    return "DJL " + djl + ", PyTorch " + pytorch + ", JNI " + jni;
  }

  private static String nativeLibrary(UnaryOperator<String> settings) {
    String override = settings.apply("PYTORCH_LIBRARY_PATH");
    String dir = override == null ? null : libtorchIn(override);
    if (dir != null) {
      // The library's own version is only known once loaded; where it lives is what we know.
      return "from " + dir;
    }
    Properties natives = load(NATIVE_PROPERTIES);
    String version = natives.getProperty("version", "unknown");
    String pinned = settings.apply("PYTORCH_VERSION");
    if (pinned != null && !pinned.isEmpty() && !version.startsWith(pinned)) {
      return pinned + " (PYTORCH_VERSION)";
    }
    return version
        + " "
        + natives.getProperty("flavor", "unknown")
        + " "
        + natives.getProperty("classifier", "unknown");
  }

  /** A DJL setting, read as DJL reads it: environment variable, else system property. */
  private static String setting(String name) {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(name);
  }

  /** The directory in {@code pathList} holding libtorch, as DJL looks for it. */
  private static String libtorchIn(String pathList) {
    for (String entry : pathList.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isRegularFile(p) && p.getFileName().toString().equals(LIBTORCH)) {
        return p.toAbsolutePath().getParent().toString();
      }
      if (Files.isRegularFile(p.resolve(LIBTORCH))) {
        return p.toAbsolutePath().toString();
      }
    }
    return null;
  }

  private static String property(String resource, String key) {
    return load(resource).getProperty(key, "unknown");
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = EngineVersion.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
    }
    return properties;
  }
}
