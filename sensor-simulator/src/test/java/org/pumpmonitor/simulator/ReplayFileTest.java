package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayFileTest {

    @TempDir
    Path dir;

    /** Sorted by pump, as the seed data is. */
    private static final String FILE = String.join("\n",
            "AAA,3/10/14,0:01,1,1,1,1,90,1",
            "AAA,3/10/14,0:03,1,1,1,1,91,1",
            "AAA,3/11/14,0:00,1,1,1,1,92,1",
            "",
            "BBB,3/10/14,0:02,1,1,1,1,80,1\r",
            "BBB,broken line",
            "BBB,3/10/14,0:04,1,1,1,1,81,1",
            "");

    @Test
    void sendsInEventTimeOrderAcrossPumpsByDefault() throws Exception {
        List<SensorRecord> lines = read(write(FILE), false);
        assertThat(texts(lines)).containsExactly(
                "AAA,3/10/14,0:01,1,1,1,1,90,1",
                "BBB,3/10/14,0:02,1,1,1,1,80,1",
                "BBB,broken line",
                "AAA,3/10/14,0:03,1,1,1,1,91,1",
                "BBB,3/10/14,0:04,1,1,1,1,81,1",
                "AAA,3/11/14,0:00,1,1,1,1,92,1");
        assertThat(lines.get(2).time()).as("a broken line keeps its predecessor's time")
                .isEqualTo(LocalDateTime.of(2014, 3, 10, 0, 2));
        assertThat(lines.get(2).kind()).isEqualTo(SensorRecord.Kind.UNPARSED_LINE);
        assertThat(lines.get(0).key()).isEqualTo("AAA");
        assertThat(lines.get(0).reading().psi()).isEqualTo(90);
    }

    @Test
    void fileOrderKeepsTheFilesOrder() throws Exception {
        assertThat(texts(read(write(FILE), true))).containsExactly(
                "AAA,3/10/14,0:01,1,1,1,1,90,1",
                "AAA,3/10/14,0:03,1,1,1,1,91,1",
                "AAA,3/11/14,0:00,1,1,1,1,92,1",
                "BBB,3/10/14,0:02,1,1,1,1,80,1",
                "BBB,broken line",
                "BBB,3/10/14,0:04,1,1,1,1,81,1");
        assertThat(ReplayFile.countLines(write(FILE))).isEqualTo(6);
    }

    @Test
    void keepsBytesThatAreNotUtf8AsTheyAre() throws Exception {
        byte[] bad = {'P', ',', (byte) 0xFF, (byte) 0xFE, '\n'};
        Path file = dir.resolve("bad.csv");
        Files.write(file, bad);
        assertThat(read(file, false)).singleElement()
                .satisfies(o -> assertThat(o.value()).containsExactly('P', ',', (byte) 0xFF, (byte) 0xFE));
    }

    @Test
    void anUnreadableFileIsAClearError() {
        assertThatThrownBy(() -> ReplayFile.open(dir.resolve("missing.csv"), false))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read file " + dir.resolve("missing.csv"));
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("readings.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static List<SensorRecord> read(Path file, boolean fileOrder) throws IOException {
        List<SensorRecord> lines = new ArrayList<>();
        Iterator<SensorRecord> it = ReplayFile.open(file, fileOrder);
        it.forEachRemaining(lines::add);
        return lines;
    }

    private static List<String> texts(List<SensorRecord> lines) {
        return lines.stream().map(o -> new String(o.value(), StandardCharsets.UTF_8)).toList();
    }
}
