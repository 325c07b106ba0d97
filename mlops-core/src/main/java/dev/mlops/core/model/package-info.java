/**
 * Model architectures described once as a {@link dev.mlops.core.model.LayerGraph}, the DJL blocks
 * built from it, the directory layout of a trained model and a {@link
 * dev.mlops.core.model.Predictor} that loads one for inference.
 */
package dev.mlops.core.model;
