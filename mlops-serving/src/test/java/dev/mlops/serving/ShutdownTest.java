package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: requests in flight are answered, then the port closes. */
class ShutdownTest {
  @Test
  void close_answersRequestsInFlight_thenRefusesConnections() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    List<byte[]> images = BatchingTest.images(fixture);
    PredictionServer server =
        PredictionServer.start(fixture.config().build(), ServerLog.of(Progress.NONE));
    Http http = new Http(server.url());
    List<Socket> slow = new ArrayList<>();
    try {
      // Six slow uploads: headers and half of each image sent, the rest held back, so the six
      // requests are inside the server when it is told to stop.
      for (byte[] png : images.subList(0, 6)) {
        slow.add(startUpload(server.port(), png));
      }
      HotReloadTest.waitFor("6 requests in flight", () -> server.inFlightForTest() == 6);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      HotReloadTest.waitFor("draining", server::draining);
      Http.Answer late = http.postImage(ServingFixture.MODEL, images.get(0));
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < slow.size(); i++) {
        answers.add(finishUpload(slow.get(i), images.get(i)));
      }
      closing.get(60, TimeUnit.SECONDS);

      assertThat(answers).allMatch(a -> a.startsWith("HTTP/1.1 200"), "every answer is 200");
      assertThat(late.status()).isEqualTo(503);
      assertThat(late.json().path("error").asText()).isEqualTo("stopping");
      assertThatThrownBy(() -> http.get("/ping")).isInstanceOf(UncheckedIOException.class);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
      server.close();
    }
  }

  /** Sends the request line, headers and the first half of {@code png} to 127.0.0.1. */
  private static Socket startUpload(int port, byte[] png) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /predictions/"
                + ServingFixture.MODEL
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: "
                + png.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(png, 0, png.length / 2);
    out.flush();
    return socket;
  }

  /** Sends the rest of {@code png} and reads the whole answer. */
  private static String finishUpload(Socket socket, byte[] png) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(png, png.length / 2, png.length - png.length / 2);
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }
}
