package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A small HTTP client for the tests: loopback only, every call bounded by a timeout. */
final class Http {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final String base;

  Http(String base) {
    if (!base.startsWith("http://127.0.0.1:")) {
      throw new IllegalArgumentException("tests only talk to 127.0.0.1, not " + base);
    }
    this.base = base;
  }

  /** A response: status, body, the headers tests look at most, and all headers. */
  record Answer(
      int status, byte[] body, String requestId, String contentType, HttpHeaders headers) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
      }
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Answer post(String path, byte[] body, String contentType, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  Answer postImage(String model, byte[] png) {
    return post("/predictions/" + model, png, "image/png");
  }

  /** A multipart/form-data request with one {@code file} part per image. */
  Answer postMultipart(String path, List<byte[]> images) {
    String boundary = "b" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int i = 0; i < images.size(); i++) {
        out.write(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"img"
                    + i
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(images.get(i));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return post(path, out.toByteArray(), "multipart/form-data; boundary=" + boundary);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("X-Request-Id").orElse(null),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
