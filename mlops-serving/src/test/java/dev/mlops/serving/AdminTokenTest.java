package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import org.junit.jupiter.api.Test;

/** Admin routes: a configured token is required; without one they are refused off loopback. */
class AdminTokenTest {
  @Test
  void adminToken_isRequiredWhenConfigured() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().adminToken("s3cret").build(), ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());

      assertThat(http.post("/admin/reload", new byte[0], null).status()).isEqualTo(401);
      assertThat(
              http.post("/admin/reload", new byte[0], null, "Authorization", "Bearer wrong")
                  .status())
          .isEqualTo(401);
      assertThat(
              http.post("/admin/reload", new byte[0], null, "Authorization", "Bearer s3cret")
                  .status())
          .isEqualTo(200);
      assertThat(http.get("/ping").status()).isEqualTo(200);
    }
  }

  @Test
  void boundBeyondLoopbackWithoutToken_adminRoutesAreForbidden() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    // Bound to every interface, reached over loopback only.
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().host("0.0.0.0").build(), ServerLog.of(Progress.NONE))) {
      Http http = new Http("http://127.0.0.1:" + server.port());

      Http.Answer answer = http.post("/admin/reload", new byte[0], null);

      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.json().path("message").asText()).contains("adminToken");
    }
  }
}
