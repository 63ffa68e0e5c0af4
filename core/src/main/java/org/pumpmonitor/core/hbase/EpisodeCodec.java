package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.AlarmEventType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * A low-pressure episode in family {@code episode} of the row of its first reading
 * ({@code PUMP|START}, so episodes sort by pump and start): state {@code open} or {@code cleared},
 * start, end once cleared, lowest psi and when, readings under the threshold. A raise is versioned
 * by the start, a clear by its time, later: a replayed raise never hides the clear.
 */
public final class EpisodeCodec implements FamilyCodec<AlarmEvent, EpisodeCodec.Episode> {

    public static final EpisodeCodec EPISODES = new EpisodeCodec();

    private EpisodeCodec() {}

    /** A stored episode: open, or cleared with its end. */
    public record Episode(String pump, Instant start, boolean open, Instant end, double minPsi, Instant minPsiTime,
                          long readings) {
        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("start", start.toString());
            columns.put("state", open ? "open" : "cleared");
            columns.put("end", end == null ? null : end.toString());
            columns.put("min_psi", minPsi);
            columns.put("min_psi_time", minPsiTime.toString());
            columns.put("readings", readings);
            return columns;
        }
    }

    /** @param e a RAISED or CLEARED event */
    @Override
    public Put put(AlarmEvent e) {
        boolean cleared = e.type == AlarmEventType.CLEARED;
        Put put = new Put(readingRowKey(e.pumpId, e.start), cleared ? e.time : e.start);
        put.addColumn(EPISODE, STATE, text(cleared ? "cleared" : "open"));
        put.addColumn(EPISODE, START, text(instant(e.start)));
        if (cleared) {
            put.addColumn(EPISODE, END, text(instant(e.end)));
        }
        put.addColumn(EPISODE, MIN_PSI, number(e.minPsi));
        put.addColumn(EPISODE, MIN_PSI_TIME, text(instant(e.minPsiTime)));
        put.addColumn(EPISODE, READINGS, number(e.readings));
        return put;
    }

    @Override
    public Optional<Episode> decode(Result row) {
        return PumpRows.readingKey(row.getRow()).flatMap(key -> decode(key.pump(), key.time(), row::getValue));
    }

    /** The episode of a pump that started at {@code start}, if the cells hold one. */
    public Optional<Episode> decode(String pump, Instant start, PumpRows.Cells cells) {
        if (cells.value(EPISODE, STATE) == null) {
            return Optional.empty();
        }
        boolean open = PumpRows.text(cells, EPISODE, STATE).equals("open");
        String end = PumpRows.text(cells, EPISODE, END);
        return Optional.of(new Episode(pump, start, open,
                open || end.isEmpty() ? null : Instant.parse(end),
                PumpRows.decimal(cells, EPISODE, MIN_PSI),
                Instant.parse(PumpRows.text(cells, EPISODE, MIN_PSI_TIME)),
                decodeLong(cells.value(EPISODE, READINGS))));
    }
}
