package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.hbase.ReadingCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.hbase.PumpRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web dashboard and its JSON API (Javalin): the pages under {@code /dashboard} in the
 * resources, uPlot from its WebJar, and {@code /api/...} reading HBase through
 * {@link DashboardData}. Bad requests get a 4xx with a message, an unreachable HBase (or a missing
 * table) a 503, any other failure a 500 that says no more than where to look in the log; nothing a
 * request says can make it scan a whole table.
 */
final class Dashboard implements AutoCloseable {

    /** A request the API refuses, with its status and the reason. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final AtomicLong ERRORS = new AtomicLong();

    private final DashboardData data;
    private final Duration silentAfter;
    private final Javalin app;

    Dashboard(Connection hbase, String sensorTable, String deadLetterTable, Duration silentAfter) {
        this.data = new DashboardData(hbase, sensorTable, deadLetterTable);
        this.silentAfter = silentAfter;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
        });
        app.get("/api/pumps", this::pumps);
        app.get("/api/pumps/{pump}/readings", ctx -> timeRange(ctx, Kind.READINGS));
        app.get("/api/pumps/{pump}/alarms", ctx -> timeRange(ctx, Kind.ALARMS));
        app.get("/api/pumps/{pump}/late-readings", ctx -> timeRange(ctx, Kind.LATE));
        app.get("/api/pumps/{pump}/stats", this::stats);
        app.get("/api/pumps/{pump}/episodes", this::episodes);
        app.get("/api/dead-letters", this::deadLetters);
        app.exception(BadRequest.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            Optional<String> missing = Query.missingTable(e);
            Optional<String> failure = Query.hbaseFailure(e);
            if (missing.isPresent()) {
                ctx.status(503).json(Map.of("error", "HBase has no table '" + missing.get()
                        + "': create the tables with pumpctl setup (the job fills the pump index from then on)"));
            } else if (failure.isPresent()) {
                ctx.status(503).json(Map.of("error", "HBase is unreachable: " + failure.get()));
            } else {
                // What went wrong is for the log, not for whoever sent the request.
                String id = Long.toString(ERRORS.incrementAndGet());
                LOG.error("Request {} {} failed (error {})", ctx.method(), ctx.path(), id, e);
                ctx.status(500).json(Map.of("error", "internal error " + id + ": the dashboard's log has the details"));
            }
        });
    }

    /** Serves on the address; returns the port (useful with port 0). */
    int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private enum Kind { READINGS, ALARMS, LATE }

    private void pumps(Context ctx) throws IOException {
        Instant now = instant(ctx, "now").orElseGet(Instant::now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now.toString());
        body.put("silentAfterSeconds", silentAfter.toSeconds());
        body.put("pumps", data.pumps(now, silentAfter).stream().map(DashboardData.PumpState::json).toList());
        ctx.json(body);
    }

    /**
     * One pump's rows between {@code from} (inclusive) and {@code to} (exclusive), by default the
     * 24 hours up to its last reading: the newest {@code limit}, oldest first.
     */
    private void timeRange(Context ctx, Kind kind) throws IOException {
        String pump = pump(ctx);
        int limit = limit(ctx, 10_000);
        Optional<Instant> from = instant(ctx, "from");
        Optional<Instant> to = instant(ctx, "to");
        Instant end = to.orElse(null);
        if (end == null) {
            end = data.last(pump).flatMap(ReadingCodec.READINGS::decode).map(r -> r.time().plusSeconds(1)).orElseGet(Instant::now);
        }
        Instant start = from.orElse(end.minus(Duration.ofHours(24)));
        if (!start.isBefore(end)) {
            throw new BadRequest(400, "from (" + start + ") must be before to (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(DashboardData.MAX_RANGE) > 0) {
            throw new BadRequest(400, "a range of at most " + DashboardData.MAX_RANGE.toDays() + " days, not "
                    + Duration.between(start, end).toDays() + " days: narrow from and to");
        }
        List<Map<String, Object>> rows = switch (kind) {
            case READINGS -> data.readings(pump, start, end, limit);
            case ALARMS -> data.alarms(pump, start, end, limit);
            case LATE -> data.lateReadings(pump, start, end, limit);
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pump", pump);
        body.put("from", start.toString());
        body.put("to", end.toString());
        body.put("rows", rows);
        ctx.json(body);
    }

    private void stats(Context ctx) throws IOException {
        String pump = pump(ctx);
        Optional<LocalDate> from = instant(ctx, "from").map(i -> i.atZone(ZoneOffset.UTC).toLocalDate());
        Optional<LocalDate> to = instant(ctx, "to").map(i -> i.atZone(ZoneOffset.UTC).toLocalDate());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pump", pump);
        body.put("rows", data.stats(pump, from.orElse(null), to.orElse(null), limit(ctx, 366)));
        ctx.json(body);
    }

    /**
     * One pump's low-pressure episodes that started in the range (default: any time): the newest
     * {@code limit}, oldest first.
     */
    private void episodes(Context ctx) throws IOException {
        String pump = pump(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pump", pump);
        body.put("rows", data.episodes(pump, instant(ctx, "from").orElse(null), instant(ctx, "to").orElse(null),
                limit(ctx, 1000)));
        ctx.json(body);
    }

    private void deadLetters(Context ctx) throws IOException {
        int limit = limit(ctx, 50);
        if (limit > 1000) {
            throw new BadRequest(400, "limit: at most 1000 dead letters, not " + limit);
        }
        ctx.json(Map.of("rows", data.deadLetters(limit)));
    }

    /** The pump of the path; 404 when HBase holds nothing of it. */
    private String pump(Context ctx) throws IOException {
        String pump = ctx.pathParam("pump");
        if (pump.isBlank() || pump.indexOf('|') >= 0) {
            throw new BadRequest(400, "'" + pump + "' is not a pump id");
        }
        if (!data.exists(pump)) {
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
            if (limit < 1 || limit > DashboardData.MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "limit: a whole number from 1 to " + DashboardData.MAX_LIMIT + ", not '" + value + "'");
        }
    }
}
