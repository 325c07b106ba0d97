package dev.mlops.serving;

/**
 * A request the server refuses: answered as JSON {@code {"error","message"}} with {@code status};
 * the server keeps serving.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  ApiException(int status, String error, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
  }

  int status() {
    return status;
  }

  /** A short machine-readable code, for example {@code not_an_image}. */
  String error() {
    return error;
  }

  static ApiException badRequest(String error, String message) {
    return new ApiException(400, error, message);
  }
}
