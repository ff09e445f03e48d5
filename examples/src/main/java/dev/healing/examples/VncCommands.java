package dev.healing.examples;

import dev.healing.core.vnc.VncClient;

/** Shared argument handling of the {@code vnc-*} subcommands. */
final class VncCommands {
    /** Environment variable read for the VNC password when no {@code --password} is given. */
    static final String PASSWORD_ENV = "VNC_PASSWORD";

    private VncCommands() {
    }

    /** @return a builder for {@code HOST:PORT}, with the password from the argument or the environment */
    static VncClient.Builder builder(String address, String password) {
        VncClient.Builder b;
        try {
            b = VncClient.builder().address(address);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String pw = password != null ? password : System.getenv(PASSWORD_ENV);
        if (pw != null && !pw.isEmpty()) {
            b.password(pw);
        }
        return b;
    }

    static int parseInt(String name, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v < 0) {
                throw new UsageException(name + " must not be negative: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number: " + value);
        }
    }
}
