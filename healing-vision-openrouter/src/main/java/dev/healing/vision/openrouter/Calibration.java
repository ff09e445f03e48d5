package dev.healing.vision.openrouter;

/**
 * When a locator checks a model's coordinate convention with a synthetic screenshot before its
 * first real question (see {@link OpenRouterVisionLocator.Builder#calibration}).
 */
public enum Calibration {
    /**
     * Calibrate unknown models ({@link ModelProfile#GENERIC}) and every model behind a server other
     * than OpenRouter (LM Studio, vLLM and Ollama resize images and serve models under any name).
     */
    AUTO,
    /** Always calibrate, once per endpoint, model and profile. */
    ALWAYS,
    /** Never calibrate: trust the profile. */
    OFF
}
