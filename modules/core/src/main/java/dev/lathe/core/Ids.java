package dev.lathe.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Run and experiment ids: 32 lowercase hex digits, the shape MLflow uses, so ids survive imports. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
