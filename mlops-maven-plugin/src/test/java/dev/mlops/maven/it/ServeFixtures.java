package dev.mlops.maven.it;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers for integration tests that run {@code mlops:serve} in a background Maven process and talk
 * to it over HTTP on 127.0.0.1. Every wait has a bound, and a server that does not stop is killed,
 * so a test always ends by itself.
 */
public final class ServeFixtures {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private ServeFixtures() {}

  /** A loopback port nobody listens on right now (the server binds it a moment later). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits at most {@code timeoutSeconds} for a line of {@code log} that matches {@code regex} and
   * returns the match (its first group when it has one).
   *
   * @throws IllegalStateException when the process ends or the time passes first, with the log
   */
  public static String awaitLine(File log, String regex, Process process, int timeoutSeconds)
      throws IOException, InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      String text = log.isFile() ? Files.readString(log.toPath()) : "";
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the process ended (exit "
                + process.exitValue()
                + ") before /"
                + regex
                + "/:\n"
                + text);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "no /" + regex + "/ within " + timeoutSeconds + " s in " + log + ":\n" + read(log));
  }

  /** POSTs {@code image} as the body with {@code contentType}; returns the 200 answer's body. */
  public static String postImage(String url, File image, String contentType)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofFile(image.toPath()))
            .build());
  }

  /**
   * POSTs {@code image} as a PNG body with extra request {@code headers} (name, value, name,
   * value...); returns the 200 answer: its body, and its {@code Set-Cookie} header or null.
   */
  public static List<String> postImageWith(String url, File image, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofFile(image.toPath()));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return java.util.Arrays.asList(
        response.body(), response.headers().firstValue("Set-Cookie").orElse(null));
  }

  /** POSTs {@code json} as {@code application/json}; returns the 2xx answer's body. */
  public static String postJson(String url, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** POSTs {@code images} as {@code multipart/form-data} files; returns the 200 answer's body. */
  public static String postMultipart(String url, List<File> images)
      throws IOException, InterruptedException {
    String boundary = "mlops-" + UUID.randomUUID();
    List<byte[]> parts = new java.util.ArrayList<>();
    for (File image : images) {
      parts.add(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + image.getName()
                  + "\"\r\nContent-Type: image/png\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      parts.add(Files.readAllBytes(image.toPath()));
      parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
            .build());
  }

  /** GETs {@code url}; returns the 200 answer's body. */
  public static String get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build());
  }

  /**
   * GETs {@code url} every 200 ms until its body contains {@code text}, at most {@code
   * timeoutSeconds}; returns that body.
   *
   * @throws IllegalStateException with the last body when the time passes first
   */
  public static String awaitBody(String url, String text, int timeoutSeconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get(url);
      if (body.contains(text)) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "GET " + url + " did not contain " + text + " within " + timeoutSeconds + " s: " + body);
  }

  /**
   * Stops {@code process} as Ctrl-C would (SIGTERM: the JVM runs its shutdown hooks) and waits at
   * most {@code timeoutSeconds} for it to end; kills it when it does not.
   *
   * @return its exit code, or -1 when it had to be killed
   */
  public static int terminate(Process process, int timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    kill(process);
    return -1;
  }

  /** Kills {@code process} (and waits for it at most 30 s); a no-op when it has ended. */
  public static void kill(Process process) throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }

  private static String read(File log) throws IOException {
    return log.isFile() ? Files.readString(log.toPath()) : "(no log)";
  }
}
