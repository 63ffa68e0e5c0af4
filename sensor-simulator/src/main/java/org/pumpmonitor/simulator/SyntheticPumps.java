package org.pumpmonitor.simulator;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Readings of {@code pumps} pumps, one per pump per simulated minute from {@code start}, in time
 * order. Each pump has its own operating point in the seed data's ranges and drifts slowly
 * around it (a bounded random walk), so a day of one pump looks like a day of a real one.
 */
public final class SyntheticPumps implements Iterator<Reading> {

    /** Names of the seed data's pumps, then PUMP-11, PUMP-12, ... */
    private static final String[] NAMES = {
        "COHUTTA", "NANTAHALLA", "THERMALITO", "BUTTE", "CARGO", "LAGNAPPE", "CHER", "ANDOUILLE", "MOJO", "BBKING"
    };

    private final List<PumpState> pumps = new ArrayList<>();
    private final long limit;
    private LocalDateTime minute;
    private int next;
    private long produced;

    /**
     * @param limit how many readings in all; {@link Long#MAX_VALUE} for no limit
     */
    public SyntheticPumps(int pumpCount, LocalDateTime start, long limit, long seed) {
        if (pumpCount < 1) {
            throw new IllegalArgumentException("pumps must be at least 1");
        }
        Random random = new Random(seed);
        for (int i = 0; i < pumpCount; i++) {
            pumps.add(new PumpState(name(i), random));
        }
        this.minute = start.withSecond(0).withNano(0);
        this.limit = limit;
    }

    public static String name(int index) {
        return index < NAMES.length ? NAMES[index] : "PUMP-" + (index + 1);
    }

    @Override
    public boolean hasNext() {
        return produced < limit;
    }

    @Override
    public Reading next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Reading reading = pumps.get(next).read(minute);
        produced++;
        if (++next == pumps.size()) {
            next = 0;
            minute = minute.plusMinutes(1);
        }
        return reading;
    }

    /** One pump's operating point and drift. */
    private static final class PumpState {
        private final String name;
        private final Random random;
        private double hz;
        private double disp;
        private double sed;
        private double psi;
        private double chl;
        private final double baseHz;
        private final double baseDisp;
        private final double basePsi;

        PumpState(String name, Random seedRandom) {
            this.name = name;
            this.random = new Random(seedRandom.nextLong());
            baseHz = 9.5 + random.nextDouble();
            baseDisp = 1.7 + 2.3 * random.nextDouble();
            basePsi = 70 + 25 * random.nextDouble();
            hz = baseHz;
            disp = baseDisp;
            psi = basePsi;
            sed = 0.5 + 1.5 * random.nextDouble();
            chl = 0.5 + 1.5 * random.nextDouble();
        }

        Reading read(LocalDateTime time) {
            hz = drift(hz, baseHz, 0.05, 9.0, 10.5);
            disp = drift(disp, baseDisp, 0.01, 1.5, 6.0);
            psi = drift(psi, basePsi, 1.5, 60, 100);
            sed = drift(sed, sed, 0.05, 0.3, 2.0);
            chl = drift(chl, chl, 0.05, 0.5, 2.0);
            double flo = disp * 500 + random.nextGaussian() * 5;
            return new Reading(name, time, round(hz, 2), round(disp, 3), Math.round(flo),
                    round(sed, 2), Math.round(psi), round(chl, 2));
        }

        /** A random step, pulled back towards the operating point, kept inside [min, max]. */
        private double drift(double value, double base, double step, double min, double max) {
            double next = value + random.nextGaussian() * step + (base - value) * 0.01;
            return Math.max(min, Math.min(max, next));
        }

        private static double round(double value, int digits) {
            double scale = Math.pow(10, digits);
            return Math.round(value * scale) / scale;
        }
    }
}
