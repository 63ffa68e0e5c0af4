package org.pumpmonitor.pumpctl.dashboard;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.pumpctl.read.HBaseFailures;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web dashboard and its JSON API (Javalin): the pages under {@code /dashboard} in the
 * resources, uPlot from its WebJar, and {@code /api/...} ({@link PumpApi}) reading HBase through
 * {@link StoredData}. Bad requests get a 4xx with a message, an unreachable HBase (or a missing
 * table) a 503, any other failure a 500 that says no more than where to look in the log; nothing a
 * request says can make it scan a whole table.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final AtomicLong ERRORS = new AtomicLong();

    private final Javalin app;

    /** @param silentAfter a pump whose last reading is older than this is shown as silent */
    public Dashboard(Connection hbase, String sensorTable, String deadLetterTable, Duration silentAfter) {
        this(hbase, sensorTable, deadLetterTable, silentAfter, null);
    }

    /** The same, with each pump's alarm rules read from the rules topic (null: none). */
    public Dashboard(Connection hbase, String sensorTable, String deadLetterTable, Duration silentAfter,
                     org.pumpmonitor.pumpctl.rules.RulesTopic rules) {
        PumpApi api = new PumpApi(new StoredData(hbase, sensorTable, deadLetterTable), silentAfter, new PumpRules(rules));
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
        });
        app.get("/api/pumps", api::pumps);
        app.get("/api/pumps/{pump}/readings", ctx -> api.timeRange(ctx, Kind.READINGS));
        app.get("/api/pumps/{pump}/alarms", ctx -> api.timeRange(ctx, Kind.ALARMS));
        app.get("/api/pumps/{pump}/late-readings", ctx -> api.timeRange(ctx, Kind.LATE_READINGS));
        app.get("/api/pumps/{pump}/stats", api::stats);
        app.get("/api/pumps/{pump}/episodes", api::episodes);
        app.get("/api/pumps/{pump}/rules", api::rules);
        app.get("/api/dead-letters", api::deadLetters);
        app.exception(BadRequest.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            Optional<String> missing = HBaseFailures.missingTable(e);
            Optional<String> failure = HBaseFailures.hbaseFailure(e);
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
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
