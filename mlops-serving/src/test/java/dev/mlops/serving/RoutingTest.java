package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.experiment.Variant;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.export.OnnxExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-request routing on the fixture's real v1 and v2 ONNX models, without HTTP. */
class RoutingTest {
  private final AtomicInteger open = new AtomicInteger();
  private ServedModel v1;
  private ServedModel v2;

  @BeforeEach
  void load() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    v1 = served(fixture.modelV1, 1, "production");
    v2 = served(fixture.modelV2, 2, null);
  }

  @AfterEach
  void close() {
    v1.retire();
    v2.retire();
    assertThat(open.get()).as("every version closed: no reference leaked").isZero();
  }

  @Test
  void tenThousandUsers_splitWithinBinomialTolerance_eachUserAlwaysTheSame() {
    for (double traffic : new double[] {0.5, 0.3, 0.05}) {
      Experiment experiment = experiment("split-" + traffic, ExperimentMode.SPLIT, traffic);
      Routing routing = Routing.experiment(experiment, v1, v2);
      Map<String, String> first = new HashMap<>();
      int treated = 0;
      for (int i = 0; i < 10_000; i++) {
        String user = "user-" + i;
        Routing.Route route = routing.acquire(user);
        route.release();
        first.put(user, route.variant());
        if (route.variant().equals(Assignment.TREATMENT)) {
          treated++;
          assertThat(route.model()).isSameAs(v2);
        } else {
          assertThat(route.model()).isSameAs(v1);
        }
        assertThat(route.newUser()).isFalse();
        assertThat(route.shadow()).isNull();
      }
      // Four standard deviations of Binomial(10,000, traffic): a fixed outcome for fixed ids,
      // which a biased bucket function (say, a bad modulo) would miss by far more.
      double sd = Math.sqrt(10_000 * traffic * (1 - traffic));
      assertThat((double) treated).isBetween(10_000 * traffic - 4 * sd, 10_000 * traffic + 4 * sd);
      // Another server (a new routing of the same record) routes every user the same way.
      Routing other = Routing.experiment(experiment, v1, v2);
      for (int i = 0; i < 10_000; i += 7) {
        Routing.Route again = other.acquire("user-" + i);
        again.release();
        assertThat(again.variant()).isEqualTo(first.get("user-" + i));
      }
    }
  }

  @Test
  void shadowMode_controlAnswersEveryone_andTheTreatmentShadows() {
    Routing routing = Routing.experiment(experiment("shadow", ExperimentMode.SHADOW, 0.5), v1, v2);
    for (int i = 0; i < 100; i++) {
      Routing.Route route = routing.acquire("user-" + i);
      assertThat(route.variant()).isEqualTo(Assignment.CONTROL);
      assertThat(route.model()).isSameAs(v1);
      assertThat(route.shadow()).isSameAs(v2);
      route.release();
    }
  }

  @Test
  void noUserId_duringAnExperiment_getsANewOne_butNotWithoutAnExperiment() {
    Routing.Route made =
        Routing.experiment(experiment("made", ExperimentMode.SPLIT, 0.5), v1, v2).acquire(null);
    made.release();
    assertThat(made.newUser()).isTrue();
    assertThat(made.userId()).matches("[0-9a-f-]{36}");
    assertThat(made.variant())
        .isEqualTo(
            Assignment.variant(experiment("made", ExperimentMode.SPLIT, 0.5), made.userId()));

    Routing.Route plain = Routing.single(v1).acquire(null);
    plain.release();
    assertThat(plain.newUser()).isFalse();
    assertThat(plain.userId()).isNull();
    assertThat(plain.experiment()).isNull();
    assertThat(plain.variant()).isNull();
  }

  @Test
  void retiredRouting_keepsItsVersionsForRequestsInFlight_thenClosesThem() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    ServedModel control = served(fixture.modelV1, 1, "production");
    ServedModel treatment = served(fixture.modelV2, 2, null);
    Routing old =
        Routing.experiment(experiment("old", ExperimentMode.SHADOW, 0.5), control, treatment);
    Routing.Route inFlight = old.acquire("user-1");

    old.retire();
    assertThat(open.get()).as("both still open for the request in flight").isEqualTo(4);

    inFlight.release();
    assertThat(open.get()).as("both closed with its last reference").isEqualTo(2);
    assertThat(old.acquire("user-2")).as("a closed routing routes nobody").isNull();
  }

  private ServedModel served(Path modelDir, int version, String alias) throws Exception {
    Path onnx = modelDir.getParent().resolve("onnx").resolve(OnnxExporter.FP32_FILE);
    Classifier classifier =
        Classifier.onnx(OnnxClassifier.open(onnx, 1, false), "onnxruntime-fp32", onnx, 1);
    return new ServedModel(
        classifier,
        new ServedModel.ModelInfo(
            ServingFixture.MODEL,
            version,
            alias,
            "",
            null,
            null,
            Map.of(),
            classifier.runtime(),
            Instant.now(),
            onnx.toString(),
            null),
        open);
  }

  static Experiment experiment(String name, ExperimentMode mode, double traffic) {
    return new Experiment(
        name,
        ServingFixture.MODEL,
        Experiment.RUNNING,
        mode,
        traffic,
        new Variant(1, "production"),
        new Variant(2, "v2"),
        null,
        null,
        0.05,
        0.05,
        "2026-12-05T00:00:00Z",
        "tester",
        null,
        null,
        null,
        null);
  }
}
