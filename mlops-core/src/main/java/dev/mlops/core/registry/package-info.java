/**
 * The model registry: model files go to the content-addressed store, a card goes to the Git
 * registry branch under {@code models/<name>/v<N>/}, an annotated tag {@code model/<name>/v<N>}
 * marks the source commit, and aliases ({@code production}, {@code staging}...) live in {@code
 * models/<name>/aliases.json}, each move being one commit. Entry point: {@link
 * dev.mlops.core.registry.ModelRegistry}.
 */
package dev.mlops.core.registry;
