package org.pumpmonitor.pumpctl.dashboard;

import io.javalin.http.Context;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The dashboard's JSON API: the answers of {@code /api/...}, each one bounded read of {@link StoredData}. */
final class PumpApi {

    /** The most rows one request returns, and the widest time range of readings it may ask for. */
    static final int MAX_LIMIT = 100_000;
    static final Duration MAX_RANGE = Duration.ofDays(31);

    private final StoredData stored;
    private final Duration silentAfter;
    private final PumpRules rules;

    PumpApi(StoredData stored, Duration silentAfter, PumpRules rules) {
        this.stored = stored;
        this.silentAfter = silentAfter;
        this.rules = rules;
    }

    /** The alarm rules that apply to the pump (the pump need not have reported yet). */
    void rules(Context ctx) {
        String pump = ctx.pathParam("pump");
        if (pump.isBlank() || pump.indexOf('|') >= 0) {
            throw new BadRequest(400, "'" + pump + "' is not a pump id");
        }
        ctx.json(rules.of(pump));
    }

    void pumps(Context ctx) throws IOException {
        Instant now = instant(ctx, "now").orElseGet(Instant::now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now.toString());
        body.put("silentAfterSeconds", silentAfter.toSeconds());
        body.put("pumps", PumpOverview.pumps(stored, now, silentAfter).stream().map(PumpOverview.PumpState::json).toList());
        ctx.json(body);
    }

    /**
     * One pump's rows between {@code from} (inclusive) and {@code to} (exclusive), by default the
     * 24 hours up to its last reading: the newest {@code limit}, oldest first.
     */
    void timeRange(Context ctx, Kind kind) throws IOException {
        String pump = pump(ctx);
        int limit = limit(ctx, 10_000);
        Optional<Instant> from = instant(ctx, "from");
        Optional<Instant> to = instant(ctx, "to");
        Instant end = to.orElse(null);
        if (end == null) {
            end = stored.lastReading(pump).map(time -> time.plusSeconds(1)).orElseGet(Instant::now);
        }
        Instant start = from.orElse(end.minus(Duration.ofHours(24)));
        if (!start.isBefore(end)) {
            throw new BadRequest(400, "from (" + start + ") must be before to (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new BadRequest(400, "a range of at most " + MAX_RANGE.toDays() + " days, not "
                    + Duration.between(start, end).toDays() + " days: narrow from and to");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pump", pump);
        body.put("from", start.toString());
        body.put("to", end.toString());
        body.put("rows", stored.rows(Query.newest(kind, pump, start, end, limit)));
        ctx.json(body);
    }

    /** One pump's days of statistics in the range (default: any day): the newest {@code limit}, oldest first. */
    void stats(Context ctx) throws IOException {
        pumpRows(ctx, Kind.STATISTICS, 366);
    }

    /**
     * One pump's episodes and early warnings, of every rule, that started in the range (default: any time): the newest
     * {@code limit}, oldest first.
     */
    void episodes(Context ctx) throws IOException {
        pumpRows(ctx, Kind.EPISODES, 1000);
    }

    private void pumpRows(Context ctx, Kind kind, int defaultLimit) throws IOException {
        String pump = pump(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pump", pump);
        body.put("rows", stored.rows(Query.newest(kind, pump, instant(ctx, "from").orElse(null),
                instant(ctx, "to").orElse(null), limit(ctx, defaultLimit))));
        ctx.json(body);
    }

    void deadLetters(Context ctx) throws IOException {
        int limit = limit(ctx, 50);
        if (limit > 1000) {
            throw new BadRequest(400, "limit: at most 1000 dead letters, not " + limit);
        }
        ctx.json(Map.of("rows", stored.rows(Query.newest(Kind.DEAD_LETTERS, null, null, null, limit))));
    }

    /** The pump of the path; 404 when HBase holds nothing of it. */
    private String pump(Context ctx) throws IOException {
        String pump = ctx.pathParam("pump");
        if (pump.isBlank() || pump.indexOf('|') >= 0) {
            throw new BadRequest(400, "'" + pump + "' is not a pump id");
        }
        if (!stored.exists(pump)) {
            throw new BadRequest(404, "no pump '" + pump + "'");
        }
        return pump;
    }

    private static Optional<Instant> instant(Context ctx, String parameter) {
        String value = ctx.queryParam(parameter);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PumpRows.instantBound(value));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequest(400, parameter + ": " + e.getMessage());
        }
    }

    private static int limit(Context ctx, int defaultLimit) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "limit: a whole number from 1 to " + MAX_LIMIT + ", not '" + value + "'");
        }
    }
}
