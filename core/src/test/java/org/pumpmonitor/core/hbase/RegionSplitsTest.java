package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionSplitsTest {

    @Test
    void theAlphabetSplitSpreadsOverTheFirstCharacters() {
        assertThat(RegionSplits.overAlphabet(1)).isEmpty();
        assertThat(strings(RegionSplits.overAlphabet(4))).containsExactly("9", "I", "R");
        assertThat(strings(RegionSplits.overAlphabet(36))).hasSize(35).startsWith("1", "2").endsWith("Z");
        // More regions than characters: two characters each, still in order and distinct.
        List<String> many = strings(RegionSplits.overAlphabet(100));
        assertThat(many).hasSize(99).isSorted().doesNotHaveDuplicates().allMatch(s -> s.length() == 2);
    }

    /** The seed data's ten pumps over four regions: each region holds two or three of them. */
    @Test
    void theSplitOverAListOfPumpsGivesEachRegionAboutAsMany() {
        List<String> pumps = List.of("COHUTTA", "ANDOUILLE", "BBKING", "BUTTE", "CARGO", "CHER", "LAGNAPPE",
                "MOJO", "NANTAHALLA", "THERMALITO", "COHUTTA");
        byte[][] splits = RegionSplits.overPumps(4, pumps);
        assertThat(strings(splits)).containsExactly("BUTTE|", "COHUTTA|", "MOJO|");
        assertThat(regionSizes(splits, pumps.stream().distinct().toList())).allMatch(n -> n == 2 || n == 3);

        List<String> synthetic = IntStream.rangeClosed(1, 100_000).mapToObj(i -> "PUMP-" + i).toList();
        assertThat(regionSizes(RegionSplits.overPumps(8, synthetic), synthetic)).allMatch(n -> n == 12_500);
        assertThat(strings(RegionSplits.overPumps(8, List.of("A", "B")))).containsExactly("B|");
    }

    @Test
    void aRegionCountOutOfRangeIsRefused() {
        assertThatThrownBy(() -> RegionSplits.overAlphabet(0)).hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> RegionSplits.overPumps(1001, List.of("A"))).hasMessageContaining("not 1001");
    }

    private static List<String> strings(byte[][] splits) {
        return Arrays.stream(splits).map(Bytes::toString).toList();
    }

    /** How many of the pumps' row keys ({@code PUMP|...}) fall in each region. */
    private static List<Integer> regionSizes(byte[][] splits, List<String> pumps) {
        List<Integer> sizes = new ArrayList<>(java.util.Collections.nCopies(splits.length + 1, 0));
        for (String pump : pumps) {
            byte[] row = Bytes.toBytes(pump + PumpSchema.KEY_SEPARATOR + "2014-03-10T00:00:00Z");
            int region = 0;
            while (region < splits.length && Bytes.compareTo(row, splits[region]) >= 0) {
                region++;
            }
            sizes.set(region, sizes.get(region) + 1);
        }
        return sizes;
    }
}
