package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.TrialResult;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * A quasi-random design: point i of the Sobol sequence (Joe-Kuo direction numbers, one coordinate per
 * non-constant dimension), shifted modulo 1 by a random vector drawn from the seed (a Cranley-Patterson rotation,
 * so different seeds give different designs, and point 0 is not the corner of the space), then mapped through
 * each dimension's inverse CDF. Categorical dimensions take value floor(u * k). Depends only on (seed, i).
 */
public final class SobolSampler implements Sampler {
    /** The most dimensions commons-math ships direction numbers for. */
    public static final int MAX_DIMENSIONS = 1000;

    private final SearchSpace space;
    private final List<String> varying = new ArrayList<>();
    private final double[] shift;
    private final SobolSequenceGenerator sobol;

    public SobolSampler(SearchSpace space, long seed) {
        this.space = space;
        space.dimensions().forEach((name, d) -> {
            if (!(d instanceof Dimension.Constant)) {
                varying.add(name);
            }
        });
        if (varying.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("Sobol handles at most " + MAX_DIMENSIONS + " varying parameters, got "
                    + varying.size());
        }
        RandomGenerator rng = Seeds.rng(seed, Seeds.SOBOL_SHIFT, 0);
        this.shift = new double[varying.size()];
        for (int i = 0; i < shift.length; i++) {
            shift[i] = rng.nextDouble();
        }
        this.sobol = varying.isEmpty() ? null : new SobolSequenceGenerator(varying.size());
    }

    @Override
    public Optional<Map<String, Object>> sample(int index, List<TrialResult> history) {
        double[] u = unitPoint(index);
        Map<String, Object> point = new LinkedHashMap<>();
        int j = 0;
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            Dimension d = e.getValue();
            point.put(e.getKey(), d instanceof Dimension.Constant ? d.fromUnit(0) : d.fromUnit(u[j++]));
        }
        return Optional.of(Collections.unmodifiableMap(point));
    }

    /** The rotated Sobol point in [0, 1)^d; the generator is stateful, hence the lock. */
    double[] unitPoint(int index) {
        if (sobol == null) {
            return new double[0];
        }
        double[] x;
        synchronized (sobol) {
            x = sobol.skipTo(index);
        }
        double[] u = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i] + shift[i];
            u[i] = v >= 1 ? v - 1 : v;
        }
        return u;
    }
}
