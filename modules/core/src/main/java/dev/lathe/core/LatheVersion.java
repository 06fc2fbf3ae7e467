package dev.lathe.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this Lathe build, from the properties file Maven fills in. */
public final class LatheVersion {
    private static final String VERSION = load();

    private LatheVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LatheVersion.class.getResourceAsStream("lathe.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
