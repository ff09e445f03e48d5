/**
 * The healer: the healing loop and its builder, similarity scorers, local locators, failure
 * classification, the JSON workflow store, and the default VNC and HID transports.
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
