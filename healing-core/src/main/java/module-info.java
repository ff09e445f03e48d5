/**
 * The healer: the healing loop and its builder, similarity scorers, local locators, failure
 * classification, the JSON workflow store, and the default VNC and HID transports.
 *
 * <p>Native access: only the HID transport uses native code, through JNA when it is present (without
 * it HID writes fall back to a writer thread). On Java 24 and later grant it with
 * {@code --enable-native-access=com.sun.jna} (module path) or {@code --enable-native-access=ALL-UNNAMED}
 * (class path); module descriptors have no directive for it.
 */
module dev.healing.core {
    requires transitive dev.healing.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires static com.sun.jna;
    requires java.net.http;

    exports dev.healing.core;
    exports dev.healing.core.workflow;
    exports dev.healing.core.report;
    exports dev.healing.core.match;
    exports dev.healing.core.hid;
    exports dev.healing.core.vnc;
    exports dev.healing.core.runner;
}
