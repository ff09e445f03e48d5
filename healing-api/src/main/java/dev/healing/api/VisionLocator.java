package dev.healing.api;

/**
 * A locator backed by a vision-language model, given the step's description. Paid and slow:
 * the healer asks it last, within its budget.
 *
 * <p>Thread-safe. Never throws for model or network failures: those are results with a reason.
 */
public interface VisionLocator extends Locator {
    /**
     * Asks whether the element at {@code point} is the one {@code description} names, for steps
     * that must not be clicked to verify them. A failed call answers "no match" with confidence 0.
     */
    ElementCheck verifyElement(Image screen, Point point, String description);

    /**
     * A locator like this one that keeps what it learns about the model (its calibration) in
     * {@code calibrations}, so other locators and processes over the same store need not learn it
     * again. The healer builder calls this with its store's calibrations. The default ignores them
     * and returns this locator.
     *
     * @param calibrations where to keep calibration, e.g. {@link HealingStore#calibrations()}
     * @return this locator, or a new one sharing its settings, budget and connections
     */
    default VisionLocator withCalibrations(ModelCalibrations calibrations) {
        return this;
    }

    @Override
    default boolean paid() {
        return true;
    }
}
