package org.pumpmonitor.pumpctl.dashboard;

import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.pumpctl.read.StoredData;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's overview of every pump. No read grows with the history stored: the list of
 * pumps is a scan of the pump index (a row per pump), and one scan of the last hour's alarms.
 */
final class PumpOverview {

    /** The overview counts each pump's alarms in this much time before now. */
    static final Duration ALARM_WINDOW = Duration.ofHours(1);

    private PumpOverview() {
    }

    /** A pump as the overview shows it. */
    record PumpState(String pump, Instant lastReading, double psi, boolean inAlarm, boolean silent,
                     int alarmsLastHour, Map<String, Object> newestDay, Map<String, Object> openEpisode) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pump", pump);
            json.put("lastReading", lastReading == null ? null : lastReading.toString());
            json.put("psi", Double.isNaN(psi) ? null : psi);
            json.put("inAlarm", inAlarm);
            json.put("silent", silent);
            json.put("alarmsLastHour", alarmsLastHour);
            json.put("newestDay", newestDay);
            json.put("openEpisode", openEpisode);
            return json;
        }
    }

    /**
     * Every pump of the pump index, with its last reading, its alarms in the hour before
     * {@code now}, its newest day of statistics and its open episode; silent when its last reading
     * is older than {@code silentAfter}. A pump's last reading is the newest stored, also when only
     * its alarm is stored yet (the alarm sink flushes sooner than the readings sink).
     */
    static List<PumpState> pumps(StoredData stored, Instant now, Duration silentAfter) throws IOException {
        List<PumpIndexCodec.Latest> pumps = stored.pumps();
        Instant alarmsFrom = now.minus(ALARM_WINDOW);
        Map<String, Integer> alarms = stored.alarmCounts(pumps.stream()
                .filter(p -> p.alarm().filter(a -> !a.time().isBefore(alarmsFrom)).isPresent())
                .map(PumpIndexCodec.Latest::pump).toList(), alarmsFrom, now.plusSeconds(1));
        List<PumpState> states = new ArrayList<>();
        for (PumpIndexCodec.Latest p : pumps) {
            Instant last = p.lastReading().orElse(null);
            states.add(new PumpState(p.pump(), last, p.psi().orElse(Double.NaN), p.inAlarm(),
                    last == null || last.isBefore(now.minus(silentAfter)), alarms.getOrDefault(p.pump(), 0),
                    p.stats().map(StatisticsCodec.DailyStats::columns).orElse(null),
                    p.episode().filter(EpisodeCodec.Episode::open).map(EpisodeCodec.Episode::columns).orElse(null)));
        }
        return states;
    }
}
