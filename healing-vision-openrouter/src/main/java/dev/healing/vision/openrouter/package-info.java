/** A {@link dev.healing.api.VisionLocator} over OpenRouter's chat-completions API. */
package dev.healing.vision.openrouter;
