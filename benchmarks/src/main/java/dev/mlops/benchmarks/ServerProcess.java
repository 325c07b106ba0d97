package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own process (our runnable jar in its own JVM, or the Python peer), so
 * its resident memory and CPU time can be read from {@code /proc/<pid>} and the load generator does
 * not share its JVM. Started on a free port; the port is read from the server's first JSON line.
 * Closing stops it (SIGTERM, then SIGKILL) with every wait bounded.
 */
final class ServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 300;
  private static final long STOP_TIMEOUT_SECONDS = 60;
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final Pattern MAPPING = Pattern.compile("([0-9a-f]+)-([0-9a-f]+) ");
  // "garbage-first heap   total 229376K, used 71086K [0x0000000687400000, 0x0000000800000000)"
  private static final Pattern HEAP = Pattern.compile("heap .*\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)");

  private final Process process;
  private final int port;
  private final String description;
  private final JsonNode banner;
  // Stops the server when this JVM is stopped (Ctrl-C) before close(): never leave one running.
  private final Thread stopOnExit;

  private ServerProcess(Process process, int port, String description, JsonNode banner) {
    this.process = process;
    this.port = port;
    this.description = description;
    this.banner = banner;
    this.stopOnExit = new Thread(() -> stop(process), "stop-" + process.pid());
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Our server with the default batch wait (5 ms). */
  static ServerProcess ours(
      Path jar, ServingModels.Served model, boolean int8, int maxBatchSize, Path log)
      throws Exception {
    return ours(jar, model, int8, maxBatchSize, 5, log);
  }

  /** Our server: {@code java -jar <runnable jar> --model-dir ...} with the given batching. */
  static ServerProcess ours(
      Path jar,
      ServingModels.Served model,
      boolean int8,
      int maxBatchSize,
      int maxBatchDelayMs,
      Path log)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--model",
                model.name(),
                "--model-dir",
                model.modelDirectory().toString(),
                "--runtime",
                int8 ? "int8" : "fp32",
                "--port",
                "0",
                "--max-batch-size",
                Integer.toString(maxBatchSize),
                "--max-batch-delay-ms",
                Integer.toString(maxBatchDelayMs),
                // The store is not read when serving a model directory; keep it out of ~/.mlops.
                "--store",
                log.getParent().resolve("store").toString()));
    return start(command, log, "url", "ours " + model.name() + (int8 ? " int8" : " fp32"));
  }

  /**
   * Our server following alias {@code production} of {@code model} in {@code project}'s registry
   * (and so its experiments), default batching, the prediction log in {@code logDir}; it checks the
   * registry only when told ({@code POST /admin/reload}): the poll is an hour.
   */
  static ServerProcess registry(
      Path jar, Path project, Path store, String model, Path logDir, Path log) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString(),
            "--repository",
            project.toString(),
            "--model",
            model,
            "--alias",
            "production",
            "--store",
            store.toString(),
            "--log-dir",
            logDir.toString(),
            "--poll-seconds",
            "3600",
            "--port",
            "0");
    return start(command, log, "url", "ours " + model + " production");
  }

  /** The FastAPI + uvicorn + PyTorch peer, in one process with {@code threads} torch threads. */
  static ServerProcess peer(
      Path script, ServingModels.Served model, String mode, int threads, Path log)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                script.toString(),
                "--arch",
                model.architecture(),
                "--size",
                Integer.toString(model.size()),
                "--name",
                model.name(),
                "--threads",
                Integer.toString(threads),
                "--mode",
                mode,
                "--onnx",
                model.onnx(false).toString()));
    return start(command, log, "port", "peer " + model.name() + " " + mode);
  }

  private static ServerProcess start(List<String> command, Path log, String key, String what)
      throws Exception {
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> pump(process, log, key, ready), "server-output");
    reader.setDaemon(true);
    reader.start();
    JsonNode line;
    try {
      line = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      stop(process);
      throw new IllegalStateException(
          what + " did not start within " + START_TIMEOUT_SECONDS + " s; see " + log, e);
    }
    int port =
        key.equals("port")
            ? line.get("port").asInt()
            : Integer.parseInt(line.get("url").asText().replaceAll(".*:", ""));
    System.out.printf("== %s: pid %d, port %d%n", what, process.pid(), port);
    return new ServerProcess(process, port, what, line);
  }

  /** Copies the server's output to {@code log}; completes {@code ready} at its start line. */
  private static void pump(
      Process process, Path log, String key, CompletableFuture<JsonNode> ready) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.println(line);
        out.flush();
        if (!ready.isDone() && line.startsWith("{")) {
          JsonNode json = Json.mapper().readTree(line);
          if (json.has(key)) {
            ready.complete(json);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IOException("the server exited before it was ready"));
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  String description() {
    return description;
  }

  /** The server's start line (the peer's names its versions, loop and HTTP parser). */
  JsonNode banner() {
    return banner;
  }

  /** Resident set size (VmRSS of {@code /proc/<pid>/status}), in MB. */
  double rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid() + "/status");
  }

  /**
   * How much of the Java heap is resident, in MB: the {@code Rss} of the server's mappings ({@code
   * /proc/<pid>/smaps}) inside the heap's reserved range, which {@code jcmd <pid> GC.heap_info}
   * prints. The resident set minus this is the memory outside the heap: native libraries'
   * allocations (ONNX Runtime), thread stacks, metaspace, code cache, direct buffers.
   */
  double heapResidentMb() throws IOException, InterruptedException {
    long[] heap = heapRange();
    long kb = 0;
    long start = 0;
    long end = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/smaps"))) {
      Matcher range = MAPPING.matcher(line);
      if (range.lookingAt()) {
        start = Long.parseUnsignedLong(range.group(1), 16);
        end = Long.parseUnsignedLong(range.group(2), 16);
      } else if (line.startsWith("Rss:") && start >= heap[0] && end <= heap[1]) {
        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kb / 1024.0;
  }

  /** The Java heap's reserved address range, from {@code jcmd <pid> GC.heap_info}. */
  private long[] heapRange() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()),
                "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
      jcmd.destroyForcibly();
    }
    Matcher heap = HEAP.matcher(out);
    if (!heap.find()) {
      throw new IOException("no heap range in jcmd GC.heap_info:\n" + out);
    }
    return new long[] {
      Long.parseUnsignedLong(heap.group(1), 16), Long.parseUnsignedLong(heap.group(2), 16)
    };
  }

  /** User plus system CPU time the server used so far ({@code /proc/<pid>/stat}), in ticks. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** {@link #cpuTicks()} in seconds. */
  static double seconds(long ticks) {
    return ticks / (double) CLOCK_TICKS_PER_SECOND;
  }

  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs and finds the process stopped
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
