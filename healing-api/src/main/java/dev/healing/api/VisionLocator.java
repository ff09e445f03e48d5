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

    @Override
    default boolean paid() {
        return true;
    }
}
