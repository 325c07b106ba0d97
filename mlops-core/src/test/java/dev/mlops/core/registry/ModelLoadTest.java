package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.mlops.core.Engines;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.GraphBlock;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("pytorch")
class ModelLoadTest {
  private static final int SIZE = 16;

  @TempDir Path tmp;
  private RegistryFixture f;
  private Path modelDir;
  private String manifestId;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    manifestId = f.versionedData();
    modelDir = tmp.resolve("trained");
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 2, 1, SIZE);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, 1, SIZE, 42);
      ModelFiles.save(
          modelDir, graph, block, RegistryFixture.LABELS, Preprocessing.imagenet(SIZE, 1));
    }
    RegistryFixture.writeCard(modelDir, "fp-real", manifestId, Map.of("epochs", 1), null);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ModelVersionCard registerReal() throws MlopsException {
    return f.models
        .register(
            new RegisterRequest(
                "pets-cnn",
                modelDir,
                RegistryFixture.report("fp-real", manifestId, 4),
                RegistryFixture.DATASET))
        .card();
  }

  private static float[] pixels(int n) {
    Random random = new Random(7);
    float[] pixels = new float[n * SIZE * SIZE];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return pixels;
  }

  @Test
  void load_byVersionAndByAlias_predictsAsTheOriginalModel() throws Exception {
    registerReal();
    f.models.promote("pets-cnn", "production", "v1", ChampionGate.recorded(0), false);
    Path cache = tmp.resolve("cache");
    float[] pixels = pixels(3);

    try (Predictor original = ModelFiles.load(modelDir);
        Predictor byVersion = f.models.load("pets-cnn", "v1", cache);
        Predictor byAlias = f.models.load("pets-cnn", "production", tmp.resolve("cache2"))) {
      float[][] expected = original.probabilities(pixels, 3);
      assertThat(byVersion.probabilities(pixels, 3)).isDeepEqualTo(expected);
      assertThat(byAlias.probabilities(pixels, 3)).isDeepEqualTo(expected);
      assertThat(byAlias.labels()).containsExactly("cat", "dog");
    }
    assertThat(cache.resolve("pets-cnn/v1/params"))
        .hasSameBinaryContentAs(modelDir.resolve("params"));
  }

  @Test
  void load_corruptedStoreObject_namesVersionArtifactAndHash() throws Exception {
    ModelVersionCard card = registerReal();
    String sha256 = card.artifact("params").orElseThrow().sha256();
    Path object = f.store.objectPath(sha256);
    object.toFile().setWritable(true);
    Files.writeString(object, "not the parameters");

    assertThatThrownBy(() -> f.models.load("pets-cnn", "v1", tmp.resolve("cache")))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("pets-cnn v1")
        .hasMessageContaining("artifact params")
        .hasMessageContaining(sha256);
  }

  @Test
  void load_objectMissingFromStore_namesVersionArtifactAndHash() throws Exception {
    ModelVersionCard card = registerReal();
    String sha256 = card.artifact("graph.json").orElseThrow().sha256();
    Files.delete(f.store.objectPath(sha256));

    assertThatThrownBy(() -> f.models.load("pets-cnn", "1", tmp.resolve("cache")))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("pets-cnn v1")
        .hasMessageContaining("artifact graph.json")
        .hasMessageContaining(sha256);
  }

  @Test
  void load_productionFromFreshCloneOfRemote_predictsAsTheOriginalModel() throws Exception {
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), f.project);
    try (Git git = Git.open(f.project.toFile())) {
      git.push().setRemote("origin").add("main").call();
    }
    f.models.register(
        new RegisterRequest(
            "pets-cnn",
            modelDir,
            RegistryFixture.report("fp-real", manifestId, 4),
            RegistryFixture.DATASET,
            Map.of(),
            Map.of(),
            true,
            "origin"));
    f.models.promote("pets-cnn", "production", "v1", ChampionGate.recorded(0), false, "origin");
    float[] pixels = pixels(2);

    try (RegistryRepository clone =
            ModelRegistrySharingTest.freshClone(bare, tmp.resolve("clone"));
        Predictor original = ModelFiles.load(modelDir);
        Predictor loaded =
            new ModelRegistry(clone, f.store, Progress.NONE)
                .load("pets-cnn", "production", tmp.resolve("clone-cache"))) {
      assertThat(loaded.probabilities(pixels, 2)).isDeepEqualTo(original.probabilities(pixels, 2));
    }
  }
}
