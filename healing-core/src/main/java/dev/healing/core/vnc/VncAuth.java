package dev.healing.core.vnc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** Internal: the VNC authentication response, DES of the challenge with the bit-reversed password. */
final class VncAuth {
    private VncAuth() {
    }

    /**
     * @param password  at most the first 8 characters count, as the protocol defines
     * @param challenge 16 bytes from the server
     * @return the 16-byte response
     */
    static byte[] response(String password, byte[] challenge) {
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 8 && i < pw.length; i++) {
            key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JRE lacks DES/ECB/NoPadding, needed for VNC authentication", e);
        }
    }
}
