package dev.lathe.packaging;

import dev.lathe.serving.ModelServer;
import dev.lathe.training.predict.PredictionException;
import dev.lathe.training.predict.Predictor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point of a model image: serves the model folder at {@code /model} with {@link ModelServer} (MLflow's
 * scoring protocol and the Open Inference Protocol v2, as {@code lathe serve} does) on 0.0.0.0:8080 until the
 * container is stopped. Environment variables change the defaults: {@code LATHE_MODEL_DIR}, {@code LATHE_PORT},
 * {@code LATHE_MODEL_NAME} and {@code LATHE_MODEL_VERSION} (the name and version in /v2/models/NAME), and
 * {@code LATHE_THREADS}.
 *
 * <p>It depends only on the serving and training modules, so the image carries neither the runner nor a
 * workspace.
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(env("LATHE_MODEL_DIR", ImageLayout.MODEL_DIR));
        int port = number("LATHE_PORT", ImageLayout.PORT);
        String name = env("LATHE_MODEL_NAME", "model");
        String version = env("LATHE_MODEL_VERSION", "1");
        Predictor predictor;
        try {
            predictor = Predictor.load(dir);
        } catch (PredictionException e) {
            System.err.println("lathe-serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        ModelServer.Options defaults = ModelServer.Options.defaults();
        ModelServer.Options options = new ModelServer.Options(defaults.maxPayloadBytes(),
                number("LATHE_THREADS", defaults.threads()));
        ModelServer server;
        try {
            server = ModelServer.start(predictor, name, version, new InetSocketAddress("0.0.0.0", port), options);
        } catch (IOException e) {
            System.err.println("lathe-serve: cannot listen on port " + port + ": " + e.getMessage());
            predictor.close();
            System.exit(2);
            return;
        }
        System.out.println("serving " + name + ":" + version + " (" + predictor.manifest().trainer() + ") on port "
                + server.port() + " - POST /invocations, /v2/models/" + name + "/infer");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            predictor.close();
            stopped.countDown();
        }, "lathe-serve-shutdown"));
        stopped.await();
    }

    private static int number(String key, int fallback) {
        String v = env(key, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= 65_535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("lathe-serve: " + key + " must be a whole number from 1 to 65535, not '" + v + "'");
        System.exit(2);
        return fallback;
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
