package dev.mlops.serving;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web page at {@code /}: three fixed files shipped in the jar (no CDN, works offline), read
 * once. Only these names are served; nothing from the request names a file.
 */
final class WebPage {
  private static final String BASE = "/dev/mlops/serving/web/";
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> contents;

  WebPage() {
    Map<String, byte[]> read = new java.util.HashMap<>();
    for (String name : FILES.keySet()) {
      try (InputStream in = WebPage.class.getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks " + BASE + name);
        }
        read.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    contents = Map.copyOf(read);
  }

  /** A handler answering one of the page's files. */
  io.javalin.http.Handler file(String name) {
    String type = FILES.get(name);
    byte[] bytes = contents.get(name);
    return (Context ctx) -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Cache-Control", "no-cache");
      ctx.contentType(type).result(bytes);
    };
  }
}
