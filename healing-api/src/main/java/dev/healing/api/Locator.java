package dev.healing.api;

/**
 * One link of the healer's locate chain: healing memory, local template matching, a vision
 * model. The healer asks them in order and tries the best candidates first.
 *
 * <p>Implementations are thread-safe and never throw for a failed search: every failure,
 * including a broken model or network, is a {@link LocateResult} with status NOT_FOUND or ERROR.
 */
public interface Locator {
    /** @return a short stable name used in results and logs, e.g. {@code "template"} */
    String name();

    /** @return candidates for the step's element on {@code query.screen()}, best first */
    LocateResult locate(LocateQuery query);

    /** @return whether a call costs money or quota; paid locators are skipped beyond the budget */
    default boolean paid() {
        return false;
    }
}
