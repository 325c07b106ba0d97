/**
 * Batch inference: an exported ONNX model's predictions for a directory of images, written as one
 * Parquet file ({@link dev.mlops.core.predict.BatchPrediction}), from building blocks that a
 * distributed job calls per partition ({@link dev.mlops.core.predict.BatchPredictor}, {@link
 * dev.mlops.core.predict.PredictionsWriter}).
 */
package dev.mlops.core.predict;
