package dev.lathe.app;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs work on the background executor and hands its result, or its failure, to the UI executor. View-models
 * use it so the FX thread never waits on the workspace, and tests pass same-thread executors.
 */
public record AsyncRunner(Executor background, Executor ui) {

    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Exception> onFailure) {
        background.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                ui.execute(() -> onFailure.accept(e));
                return;
            }
            ui.execute(() -> onSuccess.accept(result));
        });
    }
}
