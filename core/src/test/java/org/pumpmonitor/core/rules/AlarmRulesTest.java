package org.pumpmonitor.core.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pumpmonitor.core.model.Measure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmRulesTest {

    private static final AlarmRule BUILT_IN = AlarmRule.builtIn(5.0, 1, 0.5, 1);

    @Test
    void aRuleWithEveryField() {
        AlarmRule rule = AlarmRules.parse("""
                {"id":"cohutta-psi","pump":"COHUTTA","measure":"psi","below":10,"raiseAfter":3,"clearAfter":2,
                 "hysteresis":1.5,"severity":"warning"}""");
        assertThat(rule.id).isEqualTo("cohutta-psi");
        assertThat(rule.pump).isEqualTo("COHUTTA");
        assertThat(rule.measure).isEqualTo(Measure.PSI);
        assertThat(rule.condition).isEqualTo(Condition.BELOW);
        assertThat(rule.threshold).isEqualTo(10.0);
        assertThat(rule.raiseAfter).isEqualTo(3);
        assertThat(rule.clearAfter).isEqualTo(2);
        assertThat(rule.hysteresis).isEqualTo(1.5);
        assertThat(rule.severity).isEqualTo(Severity.WARNING);
        assertThat(AlarmRules.parse(AlarmRules.toJson(rule))).as("JSON round trip").isEqualTo(rule);
    }

    @Test
    void defaultsForEveryPumpAndMeasureNamesInAnyCase() {
        AlarmRule rule = AlarmRules.parse("{\"id\":\"sediment\",\"measure\":\"SEDppm\",\"above\":4.5}");
        assertThat(rule.pump).isNull();
        assertThat(rule.measure).isEqualTo(Measure.SED_PPM);
        assertThat(rule.condition).isEqualTo(Condition.ABOVE);
        assertThat(rule.raiseAfter).isEqualTo(1);
        assertThat(rule.clearAfter).isEqualTo(1);
        assertThat(rule.hysteresis).isZero();
        assertThat(rule.severity).isEqualTo(Severity.CRITICAL);
        assertThat(rule.predictMinutes).isEqualTo(30);
        assertThat(rule.trendMinutes).isEqualTo(30);
        assertThat(AlarmRules.toJson(rule)).isEqualTo("{\"id\":\"sediment\",\"measure\":\"sedPPM\",\"above\":4.5,"
                + "\"raiseAfter\":1,\"clearAfter\":1,\"hysteresis\":0.0,\"severity\":\"critical\","
                + "\"predictMinutes\":30,\"trendMinutes\":30}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"x\",\"measure\":\"pressure\",\"below\":5}|unknown measure 'pressure'",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":\"five\"}|'below' must be a number",
            "{\"id\":\"x\",\"measure\":\"psi\"}|exactly one of 'below' and 'above'",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"above\":9}|exactly one of 'below' and 'above'",
            "{\"id\":\"x\",\"measure\":\"psi\",\"belw\":5}|unknown field 'belw'",
            "{\"measure\":\"psi\",\"below\":5}|'id' is missing",
            "{\"id\":\"a b\",\"measure\":\"psi\",\"below\":5}|id 'a b' must be",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"raiseAfter\":0}|'raiseAfter' must be a whole number",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"clearAfter\":1.5}|'clearAfter' must be a whole number",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"hysteresis\":-1}|hysteresis must be 0 or more",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"severity\":\"high\"}|severity must be warning or critical",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"pump\":\"\"}|pump must not be empty",
            "{\"id\":\"x\",\"id\":\"y\",\"measure\":\"psi\",\"below\":5}|not JSON",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5} {}|not JSON",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5|not JSON",
            "[1]|a rule is a JSON object",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"predictMinutes\":-1}|'predictMinutes' must be a whole number of minutes, 0 to",
            "{\"id\":\"x\",\"measure\":\"psi\",\"below\":5,\"trendMinutes\":0}|'trendMinutes' must be a whole number of minutes, 1 to",
    })
    void aBadRuleSaysWhy(String json, String reason) {
        assertThatThrownBy(() -> AlarmRules.parse(json)).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void recordsOfTheTopicAreKeyedByTheirIdAndATombstoneDeletes() {
        byte[] json = "{\"id\":\"flow\",\"measure\":\"flo\",\"below\":500}".getBytes(StandardCharsets.UTF_8);
        assertThat(AlarmRules.fromRecord(bytes("flow"), json).measure).isEqualTo(Measure.FLO);
        assertThat(AlarmRules.fromRecord(bytes("flow"), null)).as("tombstone").isNull();
        assertThatThrownBy(() -> AlarmRules.fromRecord(bytes("other"), json))
                .hasMessageContaining("the record's key 'other' is not the rule's id 'flow'");
        assertThatThrownBy(() -> AlarmRules.fromRecord(null, json)).hasMessageContaining("key must be the rule's id");
    }

    @Test
    void aFileHoldsAnArrayOfRulesEachIdOnce() {
        List<AlarmRule> rules = AlarmRules.parseAll("""
                [{"id":"a","measure":"hz","above":60},{"id":"b","measure":"flo","below":100,"pump":"P1"}]""");
        assertThat(rules).extracting(r -> r.id).containsExactly("a", "b");
        assertThat(AlarmRules.parseAll("{\"id\":\"a\",\"measure\":\"hz\",\"above\":60}")).hasSize(1);
        assertThatThrownBy(() -> AlarmRules.parseAll("[{\"id\":\"a\",\"measure\":\"hz\",\"above\":60},{\"id\":\"a\",\"measure\":\"hz\",\"above\":6}]"))
                .hasMessageContaining("rule 2: id 'a' is given twice");
        assertThatThrownBy(() -> AlarmRules.parseAll("[{\"id\":\"a\",\"measure\":\"hz\",\"above\":60},{\"id\":\"b\"}]"))
                .hasMessageStartingWith("rule 2: 'measure' is missing");
    }

    @Test
    void withoutRulesEveryPumpHasTheBuiltInRule() {
        assertThat(AlarmRules.effective(List.of(), BUILT_IN, "P1")).containsExactly(BUILT_IN);
    }

    @Test
    void aPumpsOwnRuleReplacesTheFleetsOnTheSameMeasureAndCondition() {
        AlarmRule ownPsi = AlarmRules.parse("{\"id\":\"p1-psi\",\"pump\":\"P1\",\"measure\":\"psi\",\"below\":2}");
        AlarmRule highPsi = AlarmRules.parse("{\"id\":\"high-psi\",\"measure\":\"psi\",\"above\":120}");
        AlarmRule flow = AlarmRules.parse("{\"id\":\"flow\",\"measure\":\"flo\",\"below\":100}");
        AlarmRule otherPump = AlarmRules.parse("{\"id\":\"p2-flow\",\"pump\":\"P2\",\"measure\":\"flo\",\"below\":9}");
        List<AlarmRule> topic = List.of(ownPsi, highPsi, flow, otherPump);
        assertThat(AlarmRules.effective(topic, BUILT_IN, "P1")).extracting(r -> r.id)
                .containsExactly("flow", "high-psi", "p1-psi");
        assertThat(AlarmRules.effective(topic, BUILT_IN, "P2")).extracting(r -> r.id)
                .containsExactly("high-psi", "low-pressure", "p2-flow");
        assertThat(AlarmRules.effective(topic, BUILT_IN, "P3")).extracting(r -> r.id)
                .containsExactly("flow", "high-psi", "low-pressure");
    }

    @Test
    void aTopicRuleOfTheBuiltInIdReplacesIt() {
        AlarmRule tighter = AlarmRules.parse("{\"id\":\"low-pressure\",\"measure\":\"psi\",\"below\":8,\"severity\":\"warning\"}");
        assertThat(AlarmRules.effective(List.of(tighter), BUILT_IN, "P1")).containsExactly(tighter);
    }

    @Test
    void breachAndRecoveryOnEitherSide() {
        AlarmRule below = AlarmRules.parse("{\"id\":\"b\",\"measure\":\"psi\",\"below\":5,\"hysteresis\":1}");
        assertThat(below.breached(4.9)).isTrue();
        assertThat(below.breached(5)).isFalse();
        assertThat(below.recovered(5.9)).isFalse();
        assertThat(below.recovered(6)).isTrue();
        AlarmRule above = AlarmRules.parse("{\"id\":\"a\",\"measure\":\"hz\",\"above\":60,\"hysteresis\":2}");
        assertThat(above.breached(60.1)).isTrue();
        assertThat(above.breached(60)).isFalse();
        assertThat(above.recovered(58.5)).isFalse();
        assertThat(above.recovered(58)).isTrue();
        assertThat(above.worse(70, 65)).isTrue();
    }

    @Test
    void describesWhatTheJobWillDo() {
        assertThat(AlarmRules.describe(AlarmRules.parse("""
                {"id":"cohutta-psi","pump":"COHUTTA","measure":"psi","below":10,"raiseAfter":3,"clearAfter":2,
                 "hysteresis":1.5,"severity":"warning"}""")))
                .isEqualTo("cohutta-psi: pump COHUTTA, psi < 10 for 3 readings in a row raises a warning episode; "
                        + "psi >= 11.5 for 2 clears it; warns when the trend of the last 30 min crosses it within 30 min");
        assertThat(AlarmRules.describe(AlarmRule.builtIn(5, 1, 0.5, 2))).endsWith("; no early warning");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
