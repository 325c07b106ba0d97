package dev.mlops.core.train;

import ai.djl.engine.Engine;

/** The engine for tests (until the shared engine entry point is merged). */
final class TestEngine {
  private TestEngine() {}

  static Engine get() {
    System.setProperty("ai.djl.offline", "true");
    return Engine.getEngine("PyTorch");
  }
}
