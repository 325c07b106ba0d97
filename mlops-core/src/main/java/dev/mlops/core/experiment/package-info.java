/**
 * A/B experiments between two versions of a registered model: the experiment record committed on
 * the registry branch ({@code experiments/<model>/<name>.json}), sticky assignment of users to
 * variants, and the analysis of what the server logged.
 */
package dev.mlops.core.experiment;
