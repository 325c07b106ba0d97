package dev.mlops.core;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs engine work (model forward passes) on a thread with a large stack. PyTorch's and ONNX
 * Runtime's native kernels recurse deeply for large inputs: on an AVX2 machine DJL crashed with
 * SIGSEGV (no hs_err file) running resnet18 at 224 px on a default-sized thread stack, and ran with
 * 64 MB. A Maven build's thread or a pool thread must therefore not run the engine itself.
 */
public final class EngineThreads {
  /** The stack size of an engine thread. */
  public static final long STACK_BYTES = 64L * 1024 * 1024;

  private EngineThreads() {}

  /** A thread for engine work: large stack, daemon, named {@code name}. */
  public static Thread newThread(Runnable work, String name) {
    Thread t = new Thread(null, work, name, STACK_BYTES);
    t.setDaemon(true);
    return t;
  }

  /**
   * Runs {@code work} on a new engine thread and waits for it, passing on what it throws.
   *
   * @throws MlopsException what {@code work} threw, or when interrupted while waiting
   */
  public static <T> T call(String name, Callable<T> work) throws MlopsException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        newThread(
            () -> {
              try {
                result.set(work.call());
              } catch (Throwable e) { // passed to the caller below
                failure.set(e);
              }
            },
            name);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted while waiting for " + name, e);
    }
    Throwable e = failure.get();
    if (e instanceof MlopsException m) {
      throw m;
    } else if (e instanceof RuntimeException r) {
      throw r;
    } else if (e instanceof Error err) {
      throw err;
    } else if (e != null) {
      throw new MlopsException(name + " failed: " + e, e);
    }
    return result.get();
  }
}
