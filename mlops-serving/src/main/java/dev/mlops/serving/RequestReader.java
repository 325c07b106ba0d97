package dev.mlops.serving;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads what a request carries: the image bytes (raw body or multipart files) within maxBytes, the
 * request and user ids, topK. Nothing read here ever names a file: bytes stay in memory.
 */
final class RequestReader {
  /**
   * Bytes past maxBytes read and dropped before a 413, so the answer is not lost (see tooLarge).
   */
  static final long SWALLOW_BYTES = 2L * 1024 * 1024;

  /** Context attribute: the refused body was read to its end, the connection can stay open. */
  static final String BODY_READ = "mlops.bodyRead";

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern USER_ID = Pattern.compile("[\\p{Graph} ]{1,256}");
  private static final Pattern COOKIE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** The cookie holding the user id the server made up for a client that sent none. */
  static final String USER_COOKIE = "mlops_user";

  /** How long the user cookie lasts: a year, longer than any experiment. */
  static final long USER_COOKIE_SECONDS = 365L * 24 * 3600;

  private final ServeConfig config;

  RequestReader(ServeConfig config) {
    this.config = config;
  }

  /**
   * A request id given by the client ({@code X-Request-Id}) when it is safe to log, or a new one.
   */
  static boolean validRequestId(String id) {
    return id != null && REQUEST_ID.matcher(id).matches();
  }

  String requestId(Context ctx) {
    String given = ctx.header("X-Request-Id");
    return validRequestId(given) ? given : UUID.randomUUID().toString();
  }

  /**
   * The user: {@code X-User-Id}, else the {@code userId} query parameter, else the {@value
   * #USER_COOKIE} cookie this server set; null when none is given (or safe to log).
   */
  static String userId(Context ctx) {
    String given = ctx.header("X-User-Id");
    if (given == null) {
      given = ctx.queryParam("userId");
    }
    if (given != null) {
      return USER_ID.matcher(given).matches() ? given : null;
    }
    return cookieUserId(ctx);
  }

  /** The user id of the {@value #USER_COOKIE} cookie, or null. */
  static String cookieUserId(Context ctx) {
    String cookie = ctx.cookie(USER_COOKIE);
    return cookie != null && COOKIE_ID.matcher(cookie).matches() ? cookie : null;
  }

  /**
   * Gives a browser (or any client that keeps cookies) its user id, so an experiment's variant
   * stays the same across its requests: for a year, on every path, not readable by scripts, not
   * sent along by other sites' forms.
   */
  static void setUserCookie(Context ctx, String userId) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            USER_COOKIE
                + "="
                + userId
                + "; Path=/; Max-Age="
                + USER_COOKIE_SECONDS
                + "; HttpOnly; SameSite=Lax");
  }

  static int topK(Context ctx) {
    String text = ctx.queryParam("topK");
    if (text == null) {
      return 0;
    }
    try {
      int k = Integer.parseInt(text.trim());
      if (k >= 1) {
        return k;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw ApiException.badRequest(
        "bad_topK", "topK '" + abbreviate(text) + "' is not a whole number of at least 1");
  }

  /**
   * The 413 for a body past maxBytes, after reading and dropping the rest of a body of at most
   * {@link #SWALLOW_BYTES} more ({@code declared}: its Content-Length, or -1 when unknown). A
   * server that answers before the client has sent its body, then closes, makes the client's kernel
   * reset the connection, and the client can lose the answer with it ("no bytes"); read to the end,
   * the body costs little and the answer arrives on a connection that stays usable, as Tomcat's
   * maxSwallowSize does. A larger body is refused unread and the connection closed ({@link
   * #BODY_READ} stays unset, and the answer says Connection: close).
   */
  private ApiException tooLarge(Context ctx, long declared) {
    if (declared <= config.maxBytes() + SWALLOW_BYTES) {
      try (InputStream in = ctx.req().getInputStream()) {
        long skipped = in.transferTo(new BoundedSink(SWALLOW_BYTES + 1));
        if (skipped <= SWALLOW_BYTES) {
          ctx.attribute(BODY_READ, Boolean.TRUE);
        }
      } catch (IOException | BoundedSink.Full e) {
        // refused unread after all: the connection is closed
      }
    }
    return new ApiException(413, "too_large", tooLarge());
  }

  /** Drops what is written to it, and stops the copy past its limit. */
  private static final class BoundedSink extends java.io.OutputStream {
    private final long limit;
    private long written;

    BoundedSink(long limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      written += len;
      if (written > limit) {
        throw new Full();
      }
    }

    /** The sink's limit was passed. */
    static final class Full extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Full() {
        super(null, null, false, false);
      }
    }
  }

  static String contentType(Context ctx) {
    String type = ctx.contentType();
    return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
  }

  /** The body, refused with 413 past maxBytes (whether or not a Content-Length was sent). */
  byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBytes()) {
      throw tooLarge(ctx, declared);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) config.maxBytes() + 1);
      if (bytes.length > config.maxBytes()) {
        throw tooLarge(ctx, -1);
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.badRequest("bad_body", "cannot read the request body: " + e.getMessage());
    }
  }

  List<Upload> multipart(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBytes()) {
      throw tooLarge(ctx, declared);
    }
    List<UploadedFile> files;
    try {
      files = ctx.uploadedFiles();
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("size") || message.contains("exceed") || message.contains("large")) {
        throw new ApiException(413, "too_large", tooLarge());
      }
      throw ApiException.badRequest(
          "bad_multipart", "the multipart/form-data body cannot be read: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw ApiException.badRequest(
          "empty", "the multipart/form-data body has no files: send -F file=@image.png");
    }
    if (files.size() > config.queueCapacity()) {
      throw new ApiException(
          413,
          "too_many_images",
          files.size()
              + " images in one request is more than the queue holds ("
              + config.queueCapacity()
              + "); send fewer per request");
    }
    List<Upload> uploads = new ArrayList<>(files.size());
    for (UploadedFile file : files) {
      try (InputStream in = file.content()) {
        String name = file.filename() == null ? "a file" : "file '" + file.filename() + "'";
        uploads.add(new Upload(in.readAllBytes(), abbreviate(name)));
      } catch (IOException e) {
        throw ApiException.badRequest("bad_multipart", "cannot read an uploaded file: " + e);
      }
    }
    return uploads;
  }

  String tooLarge() {
    return "the request is larger than maxBytes "
        + config.maxBytes()
        + " bytes: send a smaller image or raise maxBytes (-Dmlops.serve.maxBytes, --max-bytes)";
  }

  static String abbreviate(String text) {
    String clean = text.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
  }
}
