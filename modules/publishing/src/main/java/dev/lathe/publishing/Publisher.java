package dev.lathe.publishing;

/** Sends one model version to one kind of target. Implementations are idempotent: publishing again is safe. */
public interface Publisher {
    PublishResult publish(ModelBundle bundle, PublishListener listener);
}
