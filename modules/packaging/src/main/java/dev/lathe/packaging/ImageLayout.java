package dev.lathe.packaging;

/** Where things live inside a model image. */
final class ImageLayout {
    static final String MODEL_DIR = "/model";
    static final int PORT = 8080;
    static final String JAVA_HOME = "/opt/lathe/java";
    static final String LIB_DIR = "/opt/lathe/lib";
    static final String APP_DIR = "/opt/lathe/app";
    static final String DJL_CACHE = "/opt/lathe/djl";
    /** The unprivileged user the server runs as (distroless' "nonroot" number). */
    static final int USER = 65532;

    private ImageLayout() {
    }
}
