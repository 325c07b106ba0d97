package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Remedy;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.store.CorruptObjectException;
import dev.mlops.core.store.MissingObjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alias moves only to a version whose every stored artifact passes its hash check: a damaged
 * object stops the promotion (or rollback) with the version, artifact and hash, and commits
 * nothing.
 */
class PromoteVerificationTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;
  private ModelVersionCard v2;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3);
    Path dir = f.fakeModel("fp-two", manifestId);
    Files.writeString(dir.resolve(OnnxExporter.FP32_FILE), "fp32 graph of fp-two");
    Files.writeString(dir.resolve(OnnxExporter.INT8_FILE), "int8 graph of fp-two");
    v2 =
        f.models
            .register(
                new RegisterRequest(
                    MODEL,
                    dir,
                    RegistryFixture.report("fp-two", manifestId, 4),
                    RegistryFixture.DATASET,
                    Map.of(
                        OnnxExporter.FP32_FILE, dir.resolve(OnnxExporter.FP32_FILE),
                        OnnxExporter.INT8_FILE, dir.resolve(OnnxExporter.INT8_FILE)),
                    Map.of(),
                    false,
                    null))
            .card();
    f.models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** Flips the lowest bit of the first byte of the object behind {@code artifact} of v2. */
  private String flipOneByte(String artifact) throws Exception {
    String sha = v2.artifact(artifact).orElseThrow().sha256();
    Path object = f.store.objectPath(sha);
    object.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(object);
    bytes[0] ^= 1;
    Files.write(object, bytes);
    return sha;
  }

  private PromoteResult promoteV2() throws Exception {
    return f.models.promote(MODEL, "production", "v2", ChampionGate.recorded(0), false);
  }

  @Test
  void promote_candidateParamsOneByteFlipped_failsNamingTheObjectAndKeepsTheAlias()
      throws Exception {
    String sha = flipOneByte(ModelFiles.PARAMS);
    String head = f.registry.registryHead().orElseThrow();

    assertThatThrownBy(this::promoteV2)
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageStartingWith(
            "refusing to move alias production of model pets-cnn to v2: its artifact params"
                + " (sha256 "
                + sha
                + ") is corrupt in the store "
                + f.store.root()
                + " (its bytes hash to ")
        .hasMessageContaining(f.store.objectPath(sha).toString())
        .hasMessageEndingWith(
            "; alias production stays at v1. Restore that object from a backup of the store,"
                + " copy it from the store that registered v2 (or point store at that store), or"
                + " register the model directory of v2 again, which puts back damaged objects from"
                + " its files; then try again")
        .hasCauseInstanceOf(CorruptObjectException.class)
        .satisfies(
            e -> {
              ModelArtifactException m = (ModelArtifactException) e;
              assertThat(List.of(m.model(), m.version(), m.artifact(), m.sha256()))
                  .containsExactly(MODEL, 2, ModelFiles.PARAMS, sha);
              assertThat(m.remedy()).isEqualTo(Remedy.setting("store"));
            });
    assertThat(f.models.card(MODEL, "production").version()).isEqualTo(1);
    assertThat(f.registry.registryHead()).contains(head);
  }

  @Test
  void promote_candidateOnnxFilesCorrupt_failsNamingEachObject() throws Exception {
    String head = f.registry.registryHead().orElseThrow();
    for (String onnx : List.of(OnnxExporter.FP32_FILE, OnnxExporter.INT8_FILE)) {
      String sha = flipOneByte(onnx);

      assertThatThrownBy(this::promoteV2)
          .isInstanceOf(ModelArtifactException.class)
          .hasMessageContaining("its artifact " + onnx + " (sha256 " + sha + ") is corrupt")
          .extracting(e -> ((ModelArtifactException) e).artifact())
          .isEqualTo(onnx);

      flipOneByte(onnx); // repaired: the next file is the only damage
    }
    assertThat(f.registry.registryHead()).contains(head);
    assertThat(promoteV2().to()).isEqualTo(2);
  }

  @Test
  void promote_candidateObjectMissing_failsSayingItIsMissing() throws Exception {
    String sha = v2.artifact(ModelFiles.GRAPH).orElseThrow().sha256();
    Files.delete(f.store.objectPath(sha));

    assertThatThrownBy(
            () -> f.models.promote(MODEL, "staging", "2", ChampionGate.recorded(0), false))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining(
            "its artifact graph.json (sha256 "
                + sha
                + ") is missing from the store "
                + f.store.root()
                + "; alias staging stays unset.")
        .hasCauseInstanceOf(MissingObjectException.class);
    assertThat(f.models.aliases(MODEL)).doesNotContainKey("staging");
  }

  @Test
  void register_sameModelAgain_putsBackTheDamagedObjectsSoThePromotionPasses() throws Exception {
    flipOneByte(ModelFiles.PARAMS);
    Files.delete(f.store.objectPath(v2.artifact(OnnxExporter.INT8_FILE).orElseThrow().sha256()));
    Path dir = tmp.resolve("models").resolve("fp-two");

    RegisterResult again =
        f.models.register(
            new RegisterRequest(
                MODEL,
                dir,
                null,
                RegistryFixture.DATASET,
                Map.of(OnnxExporter.INT8_FILE, dir.resolve(OnnxExporter.INT8_FILE)),
                Map.of(),
                false,
                null));

    assertThat(again.card().version()).isEqualTo(2);
    assertThat(f.models.verify(MODEL, "v2")).isEqualTo(v2);
    assertThat(promoteV2().to()).isEqualTo(2);
  }

  @Test
  void rollback_toAVersionWithACorruptObject_failsAndKeepsTheAlias() throws Exception {
    promoteV2();
    promote("production", "v1");
    String sha = flipOneByte(OnnxExporter.INT8_FILE);

    assertThatThrownBy(() -> f.models.rollback(MODEL, "production"))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageStartingWith("refusing to move alias production of model pets-cnn to v2")
        .hasMessageContaining(sha)
        .hasMessageContaining("alias production stays at v1");
    assertThat(f.models.card(MODEL, "production").version()).isEqualTo(1);
  }

  @Test
  void verify_intactAndDamagedVersion_returnsTheCardOrNamesTheObject() throws Exception {
    assertThat(f.models.verify(MODEL, "v2")).isEqualTo(v2);

    String sha = flipOneByte(ModelFiles.PARAMS);

    assertThatThrownBy(() -> f.models.verify(MODEL, "2"))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageStartingWith(
            "model pets-cnn v2 cannot be used: its artifact params (sha256 " + sha + ")");
    assertThat(f.models.verify(MODEL, "production").version()).isEqualTo(1);
  }

  private void promote(String alias, String version) throws Exception {
    f.models.promote(MODEL, alias, version, ChampionGate.recorded(1), true);
  }
}
