package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.util.Bytes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Split points that pre-split the sensor table into regions, so that the job's writers spread over
 * several region servers from the start. A row key begins with the pump id ({@link PumpSchema}), so
 * every split point is a pump id boundary: each pump's rows stay in one region, and a region holds
 * a range of pumps.
 *
 * <p>Either spread over the pump ids the fleet has ({@link #overPumps}: each region gets about as
 * many pumps), or, without a list, over the first characters of ids in {@code 0-9A-Z}
 * ({@link #overAlphabet}), which suits ids that differ early (the seed data's pump names), not ids
 * that share a long prefix ({@code PUMP-1}, {@code PUMP-2}, ...): for those, give the list.
 */
public final class RegionSplits {

    /** The characters the alphabet split spreads over: digits, then upper-case letters (ASCII order). */
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** More regions than this for one table is a mistake rather than a plan. */
    public static final int MAX_REGIONS = 1000;

    private RegionSplits() {
    }

    /** {@code regions - 1} split points spread evenly over ids in {@code 0-9A-Z}; none for one region. */
    public static byte[][] overAlphabet(int regions) {
        check(regions);
        int digits = 1;
        long positions = ALPHABET.length();
        while (positions < regions) {
            digits++;
            positions *= ALPHABET.length();
        }
        byte[][] splits = new byte[regions - 1][];
        for (int i = 1; i < regions; i++) {
            long position = i * positions / regions;
            char[] key = new char[digits];
            for (int d = digits - 1; d >= 0; d--) {
                key[d] = ALPHABET.charAt((int) (position % ALPHABET.length()));
                position /= ALPHABET.length();
            }
            splits[i - 1] = Bytes.toBytes(new String(key));
        }
        return splits;
    }

    /**
     * {@code regions - 1} split points between the given pump ids, so that each region holds about
     * as many of them. Each point is where a pump's rows begin ({@code PUMP|}), and the ids are taken
     * in the order of their rows, which is not quite theirs ({@code |} sorts after letters and digits:
     * the rows of {@code P-12} come after those of {@code P-120}). Fewer regions when there are fewer
     * distinct ids than regions.
     */
    public static byte[][] overPumps(int regions, Collection<String> pumpIds) {
        check(regions);
        TreeSet<String> rowStarts = new TreeSet<>();
        pumpIds.forEach(id -> rowStarts.add(id + PumpSchema.KEY_SEPARATOR));
        List<String> starts = new ArrayList<>(rowStarts);
        int usable = Math.min(regions, starts.size());
        List<byte[]> splits = new ArrayList<>();
        for (int i = 1; i < usable; i++) {
            splits.add(Bytes.toBytes(starts.get((int) ((long) i * starts.size() / usable))));
        }
        return splits.toArray(new byte[0][]);
    }

    private static void check(int regions) {
        if (regions < 1 || regions > MAX_REGIONS) {
            throw new IllegalArgumentException("regions must be 1 to " + MAX_REGIONS + ", not " + regions);
        }
    }
}
