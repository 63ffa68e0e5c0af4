package org.pumpmonitor.job.source;

import org.pumpmonitor.core.parse.InvalidReadingException;
import org.pumpmonitor.core.parse.SensorReadingParser;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.simulator.FaultAmount;
import org.pumpmonitor.simulator.FaultInjector;
import org.pumpmonitor.simulator.Faults;
import org.pumpmonitor.simulator.SensorRecord;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.ReplayFile;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SyntheticPumps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the simulator writes is what the job reads: readings parse, malformed lines are rejected. */
class SimulatorCompatibilityTest {

    private static final LocalDateTime START = LocalDateTime.of(2014, 3, 10, 0, 0);
    private final SensorReadingParser parser = new SensorReadingParser(ZoneOffset.UTC);

    @Test
    void everySyntheticReadingParsesToTheSameValues() throws Exception {
        SyntheticPumps pumps = new SyntheticPumps(12, START, 12 * 1440, 1);
        while (pumps.hasNext()) {
            Reading r = pumps.next();
            SensorReading parsed = parser.parse(SensorCsv.bytes(r));
            assertThat(parsed.pumpId).isEqualTo(r.pump());
            assertThat(parsed.eventTime).isEqualTo(r.time().toInstant(ZoneOffset.UTC).toEpochMilli());
            assertThat(new double[] {parsed.hz, parsed.disp, parsed.flo, parsed.sedPpm, parsed.psi, parsed.chlPpm})
                    .containsExactly(r.hz(), r.disp(), r.flo(), r.sedPpm(), r.psi(), r.chlPpm());
        }
    }

    @Test
    void everyKindOfMalformedLineBecomesADeadLetter() {
        int kinds = FaultInjector.MALFORMED_KINDS.length;
        Faults faults = new Faults(FaultAmount.NONE, FaultAmount.parse(String.valueOf(kinds)), FaultAmount.NONE,
                Duration.ofMinutes(3), FaultAmount.NONE, Duration.ofHours(2), FaultAmount.NONE);
        List<SensorRecord> malformed = new ArrayList<>();
        new FaultInjector(readings(1000), faults, 1000, 1).forEachRemaining(o -> {
            if (o.kind() == SensorRecord.Kind.MALFORMED) {
                malformed.add(o);
            }
        });
        assertThat(malformed).hasSize(kinds);
        for (SensorRecord line : malformed) {
            assertThatThrownBy(() -> parser.parse(line.value()))
                    .as("malformed line %s", new String(line.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isInstanceOf(InvalidReadingException.class);
        }
    }

    @Test
    void everyLineOfTheSeedDataParses() throws Exception {
        Path seed = Path.of("..", "..", "shared", "data", "sensordata.csv");
        assumeTrue(Files.isReadable(seed), "the seed data set is not beside the project");
        Iterator<SensorRecord> lines = ReplayFile.open(seed, false);
        long count = 0;
        long lowPressure = 0;
        while (lines.hasNext()) {
            SensorReading reading = parser.parse(lines.next().value());
            lowPressure += reading.psi < 5 ? 1 : 0;
            count++;
        }
        assertThat(count).isEqualTo(47_900);
        assertThat(lowPressure).isEqualTo(2_052);
    }

    private static Iterator<SensorRecord> readings(int count) {
        return SensorRecord.of(new SyntheticPumps(3, START, count, 2));
    }
}
