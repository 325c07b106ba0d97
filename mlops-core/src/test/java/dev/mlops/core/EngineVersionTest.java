package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.util.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine build read from the jars is the one the engine reports once it is loaded. */
@Tag("pytorch")
class EngineVersionTest {
  @TempDir Path tmp;

  @Test
  void current_readFromJarMetadata_agreesWithTheLoadedEngine() {
    EngineVersion version = EngineVersion.current();

    Engine engine = Engines.pytorch();

    Platform platform = Platform.detectPlatform("pytorch");
    assertThat(version.djl()).isEqualTo(Engine.getDjlVersion());
    // The engine reports the release (2.7.1); the jar also says which build (2.7.1-20250812).
    assertThat(version.pytorch())
        .startsWith(engine.getVersion() + "-")
        .endsWith(" " + platform.getFlavor() + " " + platform.getClassifier());
    assertThat(version.jni()).isEqualTo(engine.getVersion() + "-" + Engine.getDjlVersion());
  }

  @Test
  void read_libraryPathOverride_namesWhereTheLibraryIsLoadedFrom() throws Exception {
    Files.writeString(tmp.resolve(System.mapLibraryName("torch")), "not really a library");
    String path = tmp.resolve("absent") + java.io.File.pathSeparator + tmp;

    EngineVersion version = EngineVersion.read(Map.of("PYTORCH_LIBRARY_PATH", path)::get);

    assertThat(version.pytorch()).isEqualTo("from " + tmp.toAbsolutePath());
    assertThat(version).isNotEqualTo(EngineVersion.current());
  }

  @Test
  void read_versionOverride_isAnotherEngineUnlessItIsTheJarsVersion() {
    String jars = EngineVersion.current().pytorch();
    String release = jars.substring(0, jars.indexOf('-'));

    assertThat(EngineVersion.read(Map.of("PYTORCH_VERSION", "1.13.1")::get).pytorch())
        .isEqualTo("1.13.1 (PYTORCH_VERSION)");
    assertThat(EngineVersion.read(Map.of("PYTORCH_VERSION", release)::get).pytorch())
        .isEqualTo(jars);
    assertThat(EngineVersion.read(Map.of("PYTORCH_LIBRARY_PATH", tmp.toString())::get).pytorch())
        .as("a path without libtorch is no override")
        .isEqualTo(jars);
  }

  @Test
  void toString_namesEveryPart() {
    EngineVersion version =
        new EngineVersion("0.35.1", "2.7.1-20250812 cpu linux-x86_64", "2.7.1-0.35.1");

    assertThat(version)
        .hasToString("DJL 0.35.1, PyTorch 2.7.1-20250812 cpu linux-x86_64, JNI 2.7.1-0.35.1");
  }
}
