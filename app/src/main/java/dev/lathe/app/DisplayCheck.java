package dev.lathe.app;

import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a JavaFX window can be shown. Starting JavaFX without a display aborts with a native error
 * and no useful message, so the launcher asks first and prints a text summary instead.
 */
public final class DisplayCheck {
    private DisplayCheck() {
    }

    /** Checks this process: its environment and the glass/AWT properties the caller set. */
    public static boolean current() {
        return hasDisplay(System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("java.awt.headless"), System.getProperty("glass.platform"));
    }

    /**
     * @param awtHeadless   the java.awt.headless property (null when unset)
     * @param glassPlatform the glass.platform property: Monocle or Headless render off-screen, so they need no display
     */
    public static boolean hasDisplay(Map<String, String> env, String osName, String awtHeadless, String glassPlatform) {
        if (glassPlatform != null && (glassPlatform.equalsIgnoreCase("Monocle") || glassPlatform.equalsIgnoreCase("Headless"))) {
            return true;
        }
        if ("true".equalsIgnoreCase(awtHeadless)) {
            return false;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return true;
        }
        return isSet(env.get("DISPLAY")) || isSet(env.get("WAYLAND_DISPLAY"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
