/**
 * The healing API: service-provider interfaces ({@link dev.healing.api.ScreenCapture},
 * {@link dev.healing.api.InputInjector}, {@link dev.healing.api.SimilarityScorer},
 * {@link dev.healing.api.VisionLocator}, {@link dev.healing.api.BaselineStore}, ...) and the
 * immutable value types they exchange.
 */
module dev.healing.api {
    requires transitive java.desktop;

    exports dev.healing.api;
    exports dev.healing.api.store;
}
