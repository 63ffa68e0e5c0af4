package org.pumpmonitor.simulator;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Injects faults into a stream of records, deterministically for a given seed:
 * <ul>
 *   <li>low-pressure episodes: a pump's psi drops under 5 for 3 to 10 consecutive readings;
 *   <li>malformed lines, inserted after a record, cycling through every kind the job must survive;
 *   <li>out-of-order readings, held back by up to the bound (in event time);
 *   <li>late readings, held back by {@code lateBy} (beyond the job's allowed lateness);
 *   <li>duplicates, the same record sent twice in a row;
 *   <li>silences: the pump of the hit reading sends nothing for {@code silenceFor} of event time,
 *       that reading included.
 * </ul>
 * Faults combine: a low-pressure reading may also be out of order, late or duplicated (a reading
 * is never both out of order and late: late wins); malformed lines come on top. Faults given as
 * counts hit different records. Held-back readings go out once the stream's event time passes their release
 * time, and at the latest when the stream ends.
 */
public final class FaultInjector implements Iterator<SensorRecord> {

    /** The kinds of malformed line, in the order they are sent. */
    public static final String[] MALFORMED_KINDS = {
        "missing fields", "not a number", "NaN", "infinity", "impossible date", "impossible time",
        "empty line", "not UTF-8", "64 KiB line"
    };

    private final Iterator<SensorRecord> in;
    private final Faults faults;
    private final FaultAmount.Selector lowPressure;
    private final FaultAmount.Selector malformed;
    private final FaultAmount.Selector outOfOrder;
    private final FaultAmount.Selector late;
    private final FaultAmount.Selector duplicates;
    private final FaultAmount.Selector silence;
    private final Random random;
    private final Map<String, LocalDateTime> silentUntil = new HashMap<>();

    private final ArrayDeque<SensorRecord> ready = new ArrayDeque<>();
    private final PriorityQueue<Held> held =
            new PriorityQueue<>(Comparator.comparing(Held::release).thenComparingLong(Held::sequence));
    private final Map<String, Integer> episodes = new HashMap<>();
    private long index;
    private long sequence;
    private int malformedKind;

    public FaultInjector(Iterator<SensorRecord> in, Faults faults, long totalRecords, long seed) {
        this.in = in;
        this.faults = faults;
        Random seeds = new Random(seed);
        this.lowPressure = faults.lowPressure().selector(totalRecords, new Random(seeds.nextLong()), 0);
        this.malformed = faults.malformed().selector(totalRecords, new Random(seeds.nextLong()), 1);
        this.outOfOrder = faults.outOfOrder().selector(totalRecords, new Random(seeds.nextLong()), 2);
        this.late = faults.late().selector(totalRecords, new Random(seeds.nextLong()), 3);
        this.duplicates = faults.duplicates().selector(totalRecords, new Random(seeds.nextLong()), 4);
        this.random = new Random(seeds.nextLong());
        this.silence = faults.silence().selector(totalRecords, new Random(seeds.nextLong()), 5);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && in.hasNext()) {
            step(in.next());
        }
        if (ready.isEmpty() && !held.isEmpty()) {
            ready.add(held.poll().record());
        }
        return !ready.isEmpty();
    }

    @Override
    public SensorRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void step(SensorRecord record) {
        long i = index++;
        if (record.time() != null) {
            while (!held.isEmpty() && held.peek().release().isBefore(record.time())) {
                ready.add(held.poll().record());
            }
        }
        boolean lowPressureHit = lowPressure.hits(i);
        boolean outOfOrderHit = outOfOrder.hits(i);
        boolean lateHit = late.hits(i);
        boolean duplicateHit = duplicates.hits(i);
        boolean malformedHit = malformed.hits(i);
        boolean silenceHit = silence.hits(i);

        Reading reading = record.reading();
        if (reading != null) {
            LocalDateTime until = silentUntil.get(reading.pump());
            if (until == null && silenceHit) {
                until = reading.time().plus(faults.silenceFor());
                silentUntil.put(reading.pump(), until);
            }
            if (until != null && reading.time().isBefore(until)) {
                return; // the pump is silent
            }
            silentUntil.remove(reading.pump());
        }
        SensorRecord out = reading != null && (episodes.containsKey(reading.pump()) || lowPressureHit)
                ? lowPressure(record, reading)
                : record;
        if (reading != null && outOfOrderHit) {
            long delay = 1 + random.nextInt((int) Math.max(1, faults.outOfOrderBound().toMinutes()));
            hold(out.as(SensorRecord.Kind.OUT_OF_ORDER), record.time().plusMinutes(delay), duplicateHit);
        } else if (reading != null && lateHit) {
            hold(out.as(SensorRecord.Kind.LATE), record.time().plus(faults.lateBy()), duplicateHit);
        } else {
            ready.add(out);
            if (duplicateHit) {
                ready.add(out.as(SensorRecord.Kind.DUPLICATE));
            }
        }
        if (malformedHit) {
            ready.add(malformedLine(record));
        }
    }

    private SensorRecord lowPressure(SensorRecord record, Reading reading) {
        int remaining = episodes.getOrDefault(reading.pump(), 3 + random.nextInt(8));
        if (remaining <= 1) {
            episodes.remove(reading.pump());
        } else {
            episodes.put(reading.pump(), remaining - 1);
        }
        Reading low = reading.withPsi(Math.round((0.5 + 4.4 * random.nextDouble()) * 10) / 10.0);
        return new SensorRecord(record.key(), SensorCsv.bytes(low), record.time(), SensorRecord.Kind.LOW_PRESSURE, low);
    }

    private void hold(SensorRecord record, LocalDateTime release, boolean duplicate) {
        held.add(new Held(release, sequence++, record));
        if (duplicate) {
            held.add(new Held(release, sequence++, record.as(SensorRecord.Kind.DUPLICATE)));
        }
    }

    private SensorRecord malformedLine(SensorRecord after) {
        String pump = after.key() == null ? "UNKNOWN" : after.key();
        String kind = MALFORMED_KINDS[malformedKind++ % MALFORMED_KINDS.length];
        String good = after.reading() != null
                ? SensorCsv.format(after.reading())
                : pump + ",3/10/14,1:01,10.27,1.73,881,1.56,85,1.94";
        String[] f = good.split(",", -1);
        byte[] bytes;
        switch (kind) {
            case "missing fields":
                bytes = text(String.join(",", Arrays.copyOf(f, 6)));
                break;
            case "not a number":
                f[3] = "ten";
                bytes = text(String.join(",", f));
                break;
            case "NaN":
                f[7] = "NaN";
                bytes = text(String.join(",", f));
                break;
            case "infinity":
                f[5] = "Infinity";
                bytes = text(String.join(",", f));
                break;
            case "impossible date":
                f[1] = "2/30/14";
                bytes = text(String.join(",", f));
                break;
            case "impossible time":
                f[2] = "25:61";
                bytes = text(String.join(",", f));
                break;
            case "empty line":
                bytes = new byte[0];
                break;
            case "not UTF-8":
                bytes = text(good);
                bytes[1] = (byte) 0xC3;
                bytes[2] = (byte) 0x28;
                break;
            default:
                bytes = new byte[64 * 1024];
                Arrays.fill(bytes, (byte) '9');
                break;
        }
        return new SensorRecord(pump, bytes, after.time(), SensorRecord.Kind.MALFORMED, null);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Held(LocalDateTime release, long sequence, SensorRecord record) {}
}
