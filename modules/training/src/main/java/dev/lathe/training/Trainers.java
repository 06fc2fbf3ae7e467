package dev.lathe.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The trainers on the class path, found with {@link ServiceLoader} (META-INF/services/dev.lathe.training.Trainer). */
public final class Trainers {
    private Trainers() {
    }

    /** Every trainer, sorted by name. */
    public static List<Trainer> all() {
        List<Trainer> trainers = new ArrayList<>();
        ServiceLoader.load(Trainer.class, Trainers.class.getClassLoader()).forEach(trainers::add);
        trainers.sort(Comparator.comparing(Trainer::name));
        return List.copyOf(trainers);
    }

    /** The names of the trainers that can do a task, sorted. */
    public static List<String> namesFor(Task task) {
        return all().stream().filter(t -> t.tasks().contains(task)).map(Trainer::name).toList();
    }

    /**
     * The trainer with this name.
     *
     * @throws TrainingException listing the available names when there is none
     */
    public static Trainer byName(String name) {
        List<Trainer> trainers = all();
        return trainers.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new TrainingException("unknown trainer '" + name + "' (available: "
                        + String.join(", ", trainers.stream().map(Trainer::name).toList()) + ")"));
    }
}
