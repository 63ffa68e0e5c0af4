package org.pumpmonitor.job.alarms;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.job.rules.RuleChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Episodes of the alarm rules and silent pumps, per pump, in event time: the operator around
 * {@link RuleEpisodes} and {@link SilentPumps}, which decide in plain Java.
 *
 * <p><b>Rules.</b> The rules come from the rules topic on the broadcast input and are kept in
 * broadcast state ({@link #RULES}), so that every subtask applies the same rules, and a restored job
 * the rules it had. The built-in rule (psi below {@code --alarm.psi-threshold}) applies to every
 * pump unless the topic holds a rule of its id; a pump's own rule on a measure and condition
 * replaces the fleet's on that measure and condition. A change applies to each pump's readings
 * taken after it; an open episode whose rule no longer applies to the pump is cleared at the pump's
 * next reading, with the reason {@value RuleEpisodes#RULE_GONE}.
 *
 * <p><b>Episodes.</b> Per pump and rule (see {@link RuleEpisodes}): raised after {@code raiseAfter}
 * readings in a row on the wrong side of the threshold, cleared after {@code clearAfter} readings
 * in a row past it by the hysteresis. Readings are taken in the order they arrive, which for one
 * pump is the order of its Kafka partition, so a replay after a failure takes the same decisions
 * and RAISED follows the reading at once. A reading older than the pump's newest changes no
 * decision; it counts in an open episode it falls into.
 *
 * <p><b>Silence.</b> When the watermark passes a pump's newest reading plus {@code silenceAfter}, the
 * pump is SILENT (event time: newest reading + silenceAfter); its next reading makes it RESUMED. The
 * watermark only moves while some partition carries readings (an idle partition stops holding it
 * back but never moves it), so an idle topic raises nothing; a pump that resumes after a gap the
 * watermark had not yet covered gets its SILENT and RESUMED together, so a gap longer than
 * {@code silenceAfter} always gives the same two events, whatever the timing.
 *
 * <p><b>Forgetting.</b> Pump ids are free text: a producer that writes serial numbers there would
 * otherwise grow this state for ever. When the watermark passes a pump's newest reading plus
 * {@code forgetAfter}, a pump that is SILENT is forgotten: its state is dropped. If it reports
 * again it starts afresh, as a new pump: no RESUMED, and an episode it left open is not continued
 * (it stays open where it was stored); its next reading on the wrong side raises a new one.
 *
 * <p>All of it lives in keyed state (uid {@code alarm-episodes}): the built-in rule's episode in
 * {@link PumpAlarmState}, where it was before rules existed (so savepoints of then carry their open
 * episodes over), every other rule's in a map by rule id. A resume from a savepoint neither raises
 * an episode twice, nor loses a clear, nor forgets an open episode.
 */
public class EpisodeDetector extends KeyedBroadcastProcessFunction<String, SensorReading, RuleChange, AlarmEvent> {

    public static final String OUT_OF_ORDER_METRIC = "episodeReadingsOutOfOrder";
    public static final String FORGOTTEN_METRIC = "pumpsForgotten";
    public static final String RULE_CHANGES_METRIC = "alarmRuleChanges";
    public static final String RULES_METRIC = "alarmRules";

    /** The rules of the topic by id, the same in every subtask. */
    public static final MapStateDescriptor<String, AlarmRule> RULES =
            new MapStateDescriptor<>("alarm-rules", Types.STRING, TypeInformation.of(AlarmRule.class));

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeDetector.class);

    /** One pump's alarm state. */
    public static class PumpAlarmState {
        /** Newest event time taken; Long.MIN_VALUE before the first reading. */
        public long lastSeen = Long.MIN_VALUE;
        public boolean silent;
        /** The pending timer: the silence deadline, or once SILENT the time to forget; 0 for none. */
        public long silenceTimer;
        /** The built-in rule's episode (fields kept from before rules existed; see {@link EpisodeState}). */
        public boolean open;
        public long start;
        public double minPsi;
        public long minPsiTime;
        public long readings;
        /** While closed: readings under the threshold in a row, and their first and lowest. */
        public int under;
        public long runStart;
        public double runMin;
        public long runMinTime;
        /** While open: readings recovered in a row, and the first of them. */
        public int recovered;
        public long recoveryStart;
        /** How many entries the map of the other rules' episodes holds (0: no need to read it). */
        public int ruleEpisodes;
        /** The early warning of a topic rule of the built-in rule's id (the built-in rule itself has none). */
        public long[] trendTimes;
        public double[] trendValues;
        public boolean predicted;
        public long predictedSince;
        public long predictedTime;

        public PumpAlarmState() {}

        EpisodeState builtInEpisode(AlarmRule rule) {
            EpisodeState e = new EpisodeState();
            e.open = open;
            e.start = start;
            e.peak = minPsi;
            e.peakTime = minPsiTime;
            e.readings = readings;
            e.under = under;
            e.runStart = runStart;
            e.runPeak = runMin;
            e.runPeakTime = runMinTime;
            e.recovered = recovered;
            e.recoveryStart = recoveryStart;
            e.rule = rule;
            e.trendTimes = trendTimes;
            e.trendValues = trendValues;
            e.predicted = predicted;
            e.predictedSince = predictedSince;
            e.predictedTime = predictedTime;
            return e;
        }

        void setBuiltInEpisode(EpisodeState e) {
            open = e.open;
            start = e.start;
            minPsi = e.peak;
            minPsiTime = e.peakTime;
            readings = e.readings;
            under = e.under;
            runStart = e.runStart;
            runMin = e.runPeak;
            runMinTime = e.runPeakTime;
            recovered = e.recovered;
            recoveryStart = e.recoveryStart;
            trendTimes = e.trendTimes;
            trendValues = e.trendValues;
            predicted = e.predicted;
            predictedSince = e.predictedSince;
            predictedTime = e.predictedTime;
        }

        boolean builtInIdle() {
            return !open && under == 0 && !predicted;
        }
    }

    private final AlarmRule builtIn;
    private final SilentPumps silence;

    private transient ValueState<PumpAlarmState> state;
    private transient MapState<String, EpisodeState> ruleEpisodes;
    private transient RuleBook book;
    private transient Counter outOfOrder;
    private transient Counter forgotten;
    private transient Counter ruleChanges;

    /** The built-in rule from today's options: psi below the threshold, for every pump. */
    public EpisodeDetector(double threshold, int raiseAfter, double hysteresis, int clearAfter, Duration silenceAfter,
            Duration forgetAfter) {
        this(AlarmRule.builtIn(threshold, raiseAfter, hysteresis, clearAfter), silenceAfter, forgetAfter);
    }

    public EpisodeDetector(AlarmRule builtIn, Duration silenceAfter, Duration forgetAfter) {
        if (builtIn.raiseAfter < 1 || builtIn.clearAfter < 1) {
            throw new IllegalArgumentException("raise-after and clear-after must be at least 1");
        }
        this.builtIn = builtIn;
        this.silence = new SilentPumps(silenceAfter, forgetAfter);
    }

    @Override
    public void open(Configuration parameters) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("pump-alarm-state", PumpAlarmState.class));
        ruleEpisodes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("rule-episodes", Types.STRING, TypeInformation.of(EpisodeState.class)));
        outOfOrder = getRuntimeContext().getMetricGroup().counter(OUT_OF_ORDER_METRIC);
        forgotten = getRuntimeContext().getMetricGroup().counter(FORGOTTEN_METRIC);
        ruleChanges = getRuntimeContext().getMetricGroup().counter(RULE_CHANGES_METRIC);
        getRuntimeContext().getMetricGroup().gauge(RULES_METRIC, () -> book == null ? -1 : book.size());
    }

    @Override
    public void processBroadcastElement(RuleChange change, Context ctx, Collector<AlarmEvent> out) throws Exception {
        BroadcastState<String, AlarmRule> rules = ctx.getBroadcastState(RULES);
        if (change.rule != null) {
            rules.put(change.id, change.rule);
        } else if (change.isDelete()) {
            rules.remove(change.id);
        } else {
            return;
        }
        book = null;
        ruleChanges.inc();
        if (getRuntimeContext().getIndexOfThisSubtask() == 0) {
            LOG.info("Alarm rule {}: {}", change.id, change.rule == null ? "deleted" : change.rule);
        }
    }

    private RuleBook book(ReadOnlyContext ctx) throws Exception {
        if (book == null) {
            List<AlarmRule> rules = new ArrayList<>();
            for (Map.Entry<String, AlarmRule> entry : ctx.getBroadcastState(RULES).immutableEntries()) {
                rules.add(entry.getValue());
            }
            book = new RuleBook(rules, builtIn);
        }
        return book;
    }

    @Override
    public void processElement(SensorReading r, ReadOnlyContext ctx, Collector<AlarmEvent> out) throws Exception {
        PumpAlarmState s = state.value();
        if (s == null) {
            s = new PumpAlarmState();
        }
        String pump = ctx.getCurrentKey();
        List<AlarmRule> rules = book(ctx).forPump(pump);
        if (r.eventTime <= s.lastSeen) {
            outOfOrder.inc();
            if (takeOutOfOrder(s, rules, r)) {
                state.update(s);
            }
            return;
        }
        long timer = silence.take(s, pump, r.eventTime, r.psi, out::collect);
        if (timer != 0) {
            ctx.timerService().registerEventTimeTimer(timer);
        }
        boolean builtInApplies = false;
        for (AlarmRule rule : rules) {
            double value = rule.measure.of(r);
            if (rule.id.equals(AlarmRule.BUILT_IN_ID)) {
                builtInApplies = true;
                EpisodeState e = s.builtInEpisode(rule);
                RuleEpisodes.take(rule, e, pump, r.eventTime, value, r.psi, out::collect);
                s.setBuiltInEpisode(e);
                continue;
            }
            EpisodeState e = s.ruleEpisodes > 0 ? ruleEpisodes.get(rule.id) : null;
            boolean stored = e != null;
            if (e == null) {
                if (!rule.breached(value) && rule.predictMinutes == 0) {
                    continue; // nothing to keep: a rule without early warning costs no state access then
                }
                e = new EpisodeState();
            }
            RuleEpisodes.take(rule, e, pump, r.eventTime, value, r.psi, out::collect);
            if (e.isIdle()) {
                if (stored) {
                    ruleEpisodes.remove(rule.id);
                    s.ruleEpisodes--;
                }
            } else {
                ruleEpisodes.put(rule.id, e);
                if (!stored) {
                    s.ruleEpisodes++;
                }
            }
        }
        if (!builtInApplies && !s.builtInIdle()) {
            EpisodeState e = s.builtInEpisode(builtIn);
            RuleEpisodes.gone(builtIn, e, pump, r.eventTime, r.psi, r.psi, out::collect);
            s.setBuiltInEpisode(new EpisodeState());
        }
        if (s.ruleEpisodes > 0) {
            clearRulesGone(s, rules, pump, r, out);
        }
        state.update(s);
    }

    /** Counts a reading older than the pump's newest in the open episodes it falls into; true if any. */
    private boolean takeOutOfOrder(PumpAlarmState s, List<AlarmRule> rules, SensorReading r) throws Exception {
        boolean changed = false;
        for (AlarmRule rule : rules) {
            double value = rule.measure.of(r);
            if (rule.id.equals(AlarmRule.BUILT_IN_ID)) {
                EpisodeState e = s.builtInEpisode(rule);
                if (RuleEpisodes.takeOutOfOrder(rule, e, r.eventTime, value)) {
                    s.setBuiltInEpisode(e);
                    changed = true;
                }
            } else if (s.ruleEpisodes > 0) {
                EpisodeState e = ruleEpisodes.get(rule.id);
                if (e != null && RuleEpisodes.takeOutOfOrder(rule, e, r.eventTime, value)) {
                    ruleEpisodes.put(rule.id, e);
                }
            }
        }
        return changed;
    }

    /** Clears, at this reading, the open episodes of rules that no longer apply to the pump, and forgets them. */
    private void clearRulesGone(PumpAlarmState s, List<AlarmRule> rules, String pump, SensorReading r,
                                Collector<AlarmEvent> out) throws Exception {
        List<String> gone = new ArrayList<>();
        for (Iterator<Map.Entry<String, EpisodeState>> it = ruleEpisodes.iterator(); it.hasNext(); ) {
            Map.Entry<String, EpisodeState> entry = it.next();
            if (rules.stream().noneMatch(rule -> rule.id.equals(entry.getKey()))) {
                EpisodeState e = entry.getValue();
                RuleEpisodes.gone(e.rule, e, pump, r.eventTime, e.rule.measure.of(r), r.psi, out::collect);
                gone.add(entry.getKey());
            }
        }
        for (String id : gone) {
            ruleEpisodes.remove(id);
            s.ruleEpisodes--;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlarmEvent> out) throws Exception {
        PumpAlarmState s = state.value();
        if (s == null) {
            return;
        }
        switch (silence.fired(s, ctx.getCurrentKey(), timestamp, out::collect)) {
            case FORGET -> {
                forgotten.inc();
                state.clear();
                ruleEpisodes.clear();
            }
            case REGISTER_TIMER -> {
                ctx.timerService().registerEventTimeTimer(s.silenceTimer);
                state.update(s);
            }
            case NOTHING -> { }
        }
    }
}
