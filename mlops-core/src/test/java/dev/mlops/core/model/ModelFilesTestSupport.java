package dev.mlops.core.model;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;

/** Reads a saved block back without the predictor. */
final class ModelFilesTestSupport {
  private ModelFilesTestSupport() {}

  static GraphBlock loadBlock(Path dir, NDManager manager) throws Exception {
    GraphBlock block = DjlModels.block(ModelFiles.readGraph(dir));
    ParamsIo.read(dir.resolve(ModelFiles.PARAMS), block, manager);
    return block;
  }
}
