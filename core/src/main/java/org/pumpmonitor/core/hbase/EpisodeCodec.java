package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.AlarmEventType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * An episode of an alarm rule in family {@code episode}: state {@code open} or {@code cleared},
 * start, end once cleared ({@code ""} while open), readings, the rule, its measure, condition,
 * threshold and severity, the episode's worst value ({@code peak}) and when, and for rules on psi
 * below a threshold its lowest psi ({@code min_psi}, {@code min_psi_time}). The built-in rule's
 * episodes are in the row of their first reading ({@code PUMP|START}, as before rules existed),
 * every other rule's in {@code PUMP|START|RULE}, so episodes sort by pump and start. A raise is
 * versioned by the start, a clear by its time, later: a replayed raise never hides the clear.
 *
 * <p>Early warnings of a rule (PREDICTED, PREDICTION_ENDED) are kept the same way in
 * {@code PUMP|START|RULE|predicted} (START: when the warning was raised), state {@code predicted}
 * while it holds and {@code ended} after, with {@code predicted_time}, {@code value} and
 * {@code reason}; they decode as {@link Episode}s of kind {@code prediction}.
 */
public final class EpisodeCodec implements FamilyCodec<AlarmEvent, EpisodeCodec.Episode> {

    public static final EpisodeCodec EPISODES = new EpisodeCodec();

    private EpisodeCodec() {}

    /** A stored episode: open, or cleared with its end. Rows written before rules existed hold the built-in rule's. */
    public record Episode(String pump, Instant start, boolean open, Instant end, double minPsi, Instant minPsiTime,
                          long readings, String rule, String measure, String condition, double threshold,
                          String severity, double peak, Instant peakTime, String kind, Instant predictedTime,
                          String reason) {
        public static final String EPISODE_KIND = "episode";
        public static final String PREDICTION_KIND = "prediction";

        public boolean isPrediction() {
            return PREDICTION_KIND.equals(kind);
        }

        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("rule", rule);
            columns.put("kind", kind);
            columns.put("start", start.toString());
            columns.put("state", isPrediction() ? (open ? "predicted" : "ended") : open ? "open" : "cleared");
            columns.put("end", end == null ? null : end.toString());
            columns.put("measure", measure);
            columns.put("condition", condition);
            columns.put("threshold", Double.isNaN(threshold) ? null : threshold);
            columns.put("severity", severity);
            columns.put("peak", Double.isNaN(peak) ? null : peak);
            columns.put("min_psi", Double.isNaN(minPsi) ? null : minPsi);
            columns.put("min_psi_time", minPsiTime == null ? null : minPsiTime.toString());
            columns.put("readings", readings);
            columns.put("predicted_time", predictedTime == null ? null : predictedTime.toString());
            columns.put("reason", reason == null || reason.isEmpty() ? null : reason);
            return columns;
        }
    }

    /** @param e a RAISED, CLEARED, PREDICTED or PREDICTION_ENDED event */
    @Override
    public Put put(AlarmEvent e) {
        if (e.isPrediction()) {
            return predictionPut(e);
        }
        boolean cleared = e.type == AlarmEventType.CLEARED;
        Put put = put(episodeRowKey(e.pumpId, e.start, e.rule, e.isBuiltInRule()), cleared ? e.time : e.start,
                cleared ? "cleared" : "open", e, cleared);
        if (!Double.isNaN(e.minPsi)) {
            put.addColumn(EPISODE, MIN_PSI, number(e.minPsi));
            put.addColumn(EPISODE, MIN_PSI_TIME, text(instant(e.minPsiTime)));
        }
        put.addColumn(EPISODE, READINGS, number(e.readings));
        if (e.rule != null) {
            addRule(put, e);
            put.addColumn(EPISODE, PEAK, number(e.peak));
            put.addColumn(EPISODE, PEAK_TIME, text(instant(e.peakTime)));
        }
        return put;
    }

    /** A row of an episode or a warning with its state, start and end ("" until it ends). */
    private static Put put(byte[] row, long version, String state, AlarmEvent e, boolean ended) {
        Put put = new Put(row, version);
        put.addColumn(EPISODE, STATE, text(state));
        put.addColumn(EPISODE, START, text(instant(e.start)));
        put.addColumn(EPISODE, END, text(ended ? instant(e.end) : ""));
        return put;
    }

    /** The rule's cells, and why it ended if no reading ended it ("" otherwise). */
    private static void addRule(Put put, AlarmEvent e) {
        put.addColumn(EPISODE, RULE, text(e.rule));
        put.addColumn(EPISODE, MEASURE, text(e.measure));
        put.addColumn(EPISODE, CONDITION, text(e.condition));
        put.addColumn(EPISODE, THRESHOLD, number(e.threshold));
        put.addColumn(EPISODE, SEVERITY, text(e.severity));
        put.addColumn(EPISODE, REASON, text(e.reason == null ? "" : e.reason));
    }

    private static Put predictionPut(AlarmEvent e) {
        boolean ended = e.type == AlarmEventType.PREDICTION_ENDED;
        Put put = put(predictionRowKey(e.pumpId, e.start, e.rule), ended ? e.time : e.start,
                ended ? "ended" : "predicted", e, ended);
        put.addColumn(EPISODE, READINGS, number(0L));
        addRule(put, e);
        put.addColumn(EPISODE, VALUE, number(e.value));
        put.addColumn(EPISODE, PREDICTED_TIME, text(instant(e.predictedTime)));
        return put;
    }

    @Override
    public Optional<Episode> decode(Result row) {
        return episodeKey(row.getRow()).flatMap(k -> decode(k.pump(), k.time(), row::getValue));
    }

    /** Whether the row key is one of an episode or an early warning ({@code PUMP|START[|RULE[|predicted]]}). */
    public static boolean isEpisodeKey(byte[] row) {
        return episodeKey(row).isPresent();
    }

    private static Optional<PumpRows.SensorKey> episodeKey(byte[] row) {
        String[] parts = Bytes.toString(row).split("\\" + KEY_SEPARATOR, -1);
        if (parts.length < 2 || parts.length > 4 || (parts.length >= 3 && parts[2].isEmpty())
                || (parts.length == 4 && !parts[3].equals(PREDICTION_KEY_SUFFIX))) {
            return Optional.empty();
        }
        return PumpRows.readingKey(Bytes.toBytes(parts[0] + KEY_SEPARATOR + parts[1]));
    }

    /** The episode of a pump that started at {@code start}, if the cells hold one. */
    public Optional<Episode> decode(String pump, Instant start, PumpRows.Cells cells) {
        if (cells.value(EPISODE, STATE) == null) {
            return Optional.empty();
        }
        String state = PumpRows.text(cells, EPISODE, STATE);
        boolean prediction = state.equals("predicted") || state.equals("ended");
        boolean open = state.equals("open") || state.equals("predicted");
        String end = PumpRows.text(cells, EPISODE, END);
        String predictedTime = PumpRows.text(cells, EPISODE, PREDICTED_TIME);
        boolean ruled = cells.value(EPISODE, RULE) != null;
        boolean psiLow = cells.value(EPISODE, MIN_PSI) != null;
        String peakTime = ruled ? PumpRows.text(cells, EPISODE, PEAK_TIME) : "";
        return Optional.of(new Episode(pump, start, open,
                open || end.isEmpty() ? null : Instant.parse(end),
                psiLow ? PumpRows.decimal(cells, EPISODE, MIN_PSI) : Double.NaN,
                psiLow ? Instant.parse(PumpRows.text(cells, EPISODE, MIN_PSI_TIME)) : null,
                decodeLong(cells.value(EPISODE, READINGS)),
                ruled ? PumpRows.text(cells, EPISODE, RULE) : AlarmEvent.BUILT_IN_RULE,
                ruled ? PumpRows.text(cells, EPISODE, MEASURE) : "psi",
                ruled ? PumpRows.text(cells, EPISODE, CONDITION) : "below",
                ruled ? PumpRows.decimal(cells, EPISODE, THRESHOLD) : Double.NaN,
                ruled ? PumpRows.text(cells, EPISODE, SEVERITY) : "critical",
                ruled && !prediction ? PumpRows.decimal(cells, EPISODE, PEAK) : prediction ? Double.NaN
                        : PumpRows.decimal(cells, EPISODE, MIN_PSI),
                peakTime.isEmpty() ? (psiLow ? Instant.parse(PumpRows.text(cells, EPISODE, MIN_PSI_TIME)) : null)
                        : Instant.parse(peakTime),
                prediction ? Episode.PREDICTION_KIND : Episode.EPISODE_KIND,
                predictedTime.isEmpty() ? null : Instant.parse(predictedTime),
                PumpRows.text(cells, EPISODE, REASON)));
    }
}
