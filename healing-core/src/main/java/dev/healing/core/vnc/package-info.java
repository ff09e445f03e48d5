/**
 * The default remote-screen transport: {@link dev.healing.core.vnc.VncClient}, an RFB (VNC) client
 * that is both the {@link dev.healing.api.ScreenCapture} and the {@link dev.healing.api.InputInjector}
 * of a runner. Everything else in this package is internal (package-private): the handshake,
 * the decoders, the zlib streams.
 */
package dev.healing.core.vnc;
