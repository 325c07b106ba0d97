package dev.mlops.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop HTTP load generator for 127.0.0.1 only: {@code clients} threads, each on its own
 * keep-alive connection, send the next request as soon as the previous answer has been read. Plain
 * sockets and a minimal HTTP/1.1 reader instead of {@code java.net.http.HttpClient}: the generator
 * shares the two cores with the server, so it should spend as little CPU per request as it can, and
 * it spends the same on both servers.
 */
final class LoadGenerator implements AutoCloseable {
  /** How long one request may take before the run fails (never a hang). */
  private static final int READ_TIMEOUT_MS = 120_000;

  /**
   * One measured point.
   *
   * @param requests answered requests (every one with status 200, or the run fails)
   * @param seconds wall time from the first measured request to the last answer
   * @param p50Ms median latency
   * @param p99Ms 99th percentile latency (nearest rank)
   * @param clientCpuSeconds CPU time this JVM (the generator) used meanwhile
   */
  record Result(int requests, double seconds, double p50Ms, double p99Ms, double clientCpuSeconds) {
    double perSecond() {
      return requests / seconds;
    }
  }

  private final int port;
  private final List<byte[]> requests;
  private final List<String> users;
  private final List<Connection> connections = new ArrayList<>();

  /** A generator for {@code POST path} with each image as a raw {@code image/png} body, in turn. */
  LoadGenerator(int port, String path, List<byte[]> images) {
    this(port, path, images, 0);
  }

  /**
   * As {@link #LoadGenerator(int, String, List)}, each request also naming a user ({@code
   * X-User-Id: user-<k>}, {@code users} of them in turn; none when 0), so an experiment routes the
   * load to both variants. There are as many distinct requests as the larger of images and users.
   */
  LoadGenerator(int port, String path, List<byte[]> images, int users) {
    this.port = port;
    int n = Math.max(images.size(), users);
    this.requests = new ArrayList<>(n);
    this.users = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      byte[] image = images.get(j % images.size());
      String user = users > 0 ? "user-" + (j % users) : null;
      byte[] head =
          String.format(
                  Locale.ROOT,
                  "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: image/png\r\n"
                      + "%sContent-Length: %d\r\n\r\n",
                  path,
                  port,
                  user == null ? "" : "X-User-Id: " + user + "\r\n",
                  image.length)
              .getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(head, head.length + image.length);
      System.arraycopy(image, 0, request, head.length, image.length);
      requests.add(request);
      this.users.add(user);
    }
  }

  /** The user that request {@code id} (an index of {@link Timed#ids}) names, or null. */
  String user(int id) {
    return users.get(id);
  }

  /** The body of a 200 answer to {@code POST path} without a body, on the first connection. */
  String post(String path) throws IOException {
    byte[] request =
        String.format(
                Locale.ROOT,
                "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 0\r\n\r\n",
                path,
                port)
            .getBytes(StandardCharsets.US_ASCII);
    return new String(connection(0).exchange(request), StandardCharsets.UTF_8);
  }

  /** The body of {@code GET path} (for example {@code /metrics}), on the first connection. */
  String get(String path) throws IOException {
    byte[] request =
        String.format(Locale.ROOT, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path, port)
            .getBytes(StandardCharsets.US_ASCII);
    return new String(connection(0).exchange(request), StandardCharsets.UTF_8);
  }

  /** The answer's body to request {@code i}, on one connection (for checks, not timed). */
  String answer(int i) throws IOException {
    Connection c = connection(0);
    return new String(c.exchange(requests.get(i % requests.size())), StandardCharsets.UTF_8);
  }

  /**
   * Sends {@code count} requests with {@code clients} clients, unmeasured (warm-up), stopping early
   * after {@code maxSeconds}.
   */
  void warm(int clients, int count, double maxSeconds) throws Exception {
    open(clients);
    phase(clients, count, maxSeconds, null, null);
  }

  /**
   * Sends {@code count} measured requests with {@code clients} concurrent clients, or fewer when
   * {@code maxSeconds} pass first (no client starts a request after that; those in flight finish
   * and count); connections stay open between calls.
   */
  Result measure(int clients, int count, double maxSeconds) throws Exception {
    return measureEach(clients, count, maxSeconds).result();
  }

  /**
   * One measured point with each request's latency and which request it was.
   *
   * @param nanos latency of each answered request, in the order they were answered
   * @param ids the index of each of those requests (see {@link #user})
   */
  record Timed(Result result, long[] nanos, int[] ids) {}

  /** As {@link #measure}, keeping each request's latency and index. */
  Timed measureEach(int clients, int count, double maxSeconds) throws Exception {
    open(clients);
    long[] nanos = new long[count];
    int[] ids = new int[count];
    long cpu = cpuNanos();
    long start = System.nanoTime();
    int done = phase(clients, count, maxSeconds, nanos, ids);
    double seconds = (System.nanoTime() - start) / 1e9;
    double clientCpu = (cpuNanos() - cpu) / 1e9;
    long[] timed = Arrays.copyOf(nanos, done);
    long[] measured = timed.clone();
    Arrays.sort(measured);
    Result r =
        new Result(
            done,
            seconds,
            percentile(measured, 50) / 1e6,
            percentile(measured, 99) / 1e6,
            clientCpu);
    return new Timed(r, timed, Arrays.copyOf(ids, done));
  }

  private void open(int clients) throws IOException {
    while (connections.size() < clients) {
      connection(connections.size());
    }
  }

  /** CPU time of this JVM (all its threads), in nanoseconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Nearest rank: at least p percent of the values are at or below it. */
  static double percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Runs up to {@code count} requests; returns how many were answered (all with status 200). */
  private int phase(int clients, int count, double maxSeconds, long[] nanos, int[] ids)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    List<Thread> threads = new ArrayList<>(clients);
    for (int k = 0; k < clients; k++) {
      Connection c = connections.get(k);
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int i = next.getAndIncrement();
                      i < count && failure.get() == null && System.nanoTime() < deadline;
                      i = next.getAndIncrement()) {
                    byte[] request = requests.get(i % requests.size());
                    long t0 = System.nanoTime();
                    c.exchange(request);
                    long latency = System.nanoTime() - t0;
                    int slot = done.getAndIncrement();
                    if (nanos != null) {
                      nanos[slot] = latency;
                      ids[slot] = i % requests.size();
                    }
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "load-" + k);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      // Each request is bounded by the socket's read timeout, so the join is bounded too.
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return done.get();
  }

  private Connection connection(int k) throws IOException {
    if (k < connections.size()) {
      return connections.get(k);
    }
    Connection c = new Connection(port);
    connections.add(c);
    return c;
  }

  @Override
  public void close() {
    connections.forEach(Connection::close);
    connections.clear();
  }

  /** One keep-alive HTTP/1.1 connection; reopened when the server closes it. */
  private static final class Connection {
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Connection(int port) throws IOException {
      this.port = port;
      open();
    }

    private void open() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }

    /** Sends one request; returns the body of a 200 answer, throws on any other status. */
    byte[] exchange(byte[] request) throws IOException {
      String status;
      try {
        out.write(request);
        out.flush();
        status = line();
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        // A keep-alive connection the server closed while idle (between points): reopen, once.
        socket.close();
        open();
        out.write(request);
        out.flush();
        status = line();
      }
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      byte[] body = chunked ? chunked() : in.readNBytes((int) Math.max(0, length));
      if (close) {
        socket.close();
        open();
      }
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException(
            "answer " + status + ": " + new String(body, StandardCharsets.UTF_8).strip());
      }
      return body;
    }

    private byte[] chunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(n));
        line();
      }
    }

    /** One header line without its CRLF; fails at the end of the stream. */
    private String line() throws IOException {
      StringBuilder text = new StringBuilder(64);
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the server closed the connection mid-answer");
        }
        if (b == '\n') {
          int n = text.length();
          return n > 0 && text.charAt(n - 1) == '\r' ? text.substring(0, n - 1) : text.toString();
        }
        text.append((char) b);
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing after the measurements: nothing depends on it
      }
    }
  }
}
