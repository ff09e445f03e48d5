/**
 * A {@link dev.healing.api.VisionLocator} over OpenRouter's chat-completions API, or any
 * OpenAI-compatible server (Ollama, vLLM, LM Studio):
 *
 * <pre>{@code
 * VisionLocator vision = OpenRouterVisionLocator.builder()
 *     .model("qwen/qwen2.5-vl-72b-instruct")      // picks ModelProfile.QWEN2_5_VL
 *     .budget(CostBudget.UNLIMITED.withUsdPerDay(2.00))
 *     .build();                                    // key from OPENROUTER_API_KEY
 * }</pre>
 *
 * <p>{@link dev.healing.vision.openrouter.ModelProfile} fixes how each model family's coordinates
 * map back to screen pixels; {@link dev.healing.vision.openrouter.RetryPolicy} and
 * {@link dev.healing.vision.openrouter.CostBudget} bound retries and spending. Everything under
 * {@code .internal} is not API.
 */
package dev.healing.vision.openrouter;
