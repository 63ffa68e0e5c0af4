package org.pumpmonitor.pumpctl.bench;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's chart from a small CSV: a panel per group of columns it has, gaps for empty cells, the faults. */
class SoakChartTest {

    private static final List<String> ALL_COLUMNS = List.of("minute", "in_per_s", "stored_per_s", "lag_s",
            "checkpoint_s", "checkpoint_mb", "jobmanager_heap_mb", "taskmanager_heap_mb",
            "taskmanager_metaspace_mb", "taskmanager_rss_mb", "restarts");
    private static final List<SoakChart.Mark> FAULTS = List.of(
            new SoakChart.Mark("kafka broker down", 20, 25), new SoakChart.Mark("taskmanager killed", 40, 41.5));

    @TempDir
    Path dir;

    @Test
    void drawsAPanelPerGroupOfColumns() throws IOException {
        Path png = dir.resolve("soak.png");
        SoakChart.draw(csv(ALL_COLUMNS), FAULTS, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(80 + 8 * 220);
        assertThat(distinctColours(image)).isGreaterThan(50);
    }

    @Test
    void aMissingGroupIsNoPanel() throws IOException {
        List<String> noCheckpoints = new ArrayList<>(ALL_COLUMNS);
        noCheckpoints.removeAll(List.of("checkpoint_s", "checkpoint_mb"));
        Path png = dir.resolve("soak.png");
        SoakChart.draw(csv(noCheckpoints), FAULTS, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(80 + 6 * 220);
        assertThat(distinctColours(image)).isGreaterThan(50);
        assertThat(titles(SoakChart.chart(csv(noCheckpoints), FAULTS, "soak"))).containsExactly("Readings/s",
                "Consumer lag (s)", "Heap used (MB)", "Metaspace (MB)", "Resident memory (MB)", "Job restarts");
    }

    @Test
    void panelsInOrderSeriesByProcessEmptyCellsAsGaps() throws IOException {
        JFreeChart chart = SoakChart.chart(csv(ALL_COLUMNS), FAULTS, "soak");

        assertThat(chart.getTitle().getText()).isEqualTo("soak");
        assertThat(titles(chart)).containsExactly("Readings/s", "Consumer lag (s)", "Checkpoint duration (s)",
                "Checkpoint size (MB)", "Heap used (MB)", "Metaspace (MB)", "Resident memory (MB)", "Job restarts");
        List<XYPlot> panels = panels(chart);
        assertThat(keys(panels.get(0).getDataset())).containsExactly("in_per_s", "stored_per_s");
        assertThat(keys(panels.get(4).getDataset())).containsExactly("jobmanager", "taskmanager");
        assertThat(keys(panels.get(6).getDataset())).containsExactly("taskmanager");

        XYDataset readings = panels.get(0).getDataset();
        assertThat(readings.getItemCount(1)).isEqualTo(60);
        assertThat(readings.getXValue(1, 22)).isEqualTo(22);
        assertThat(readings.getY(1, 22)).isNull();
        assertThat(readings.getYValue(1, 19)).isEqualTo(1000 - 19);
        assertThat(panels.get(1).getDataset().getY(0, 0)).isNull();
    }

    @Test
    void everyPanelShadesTheFaultsAndOnlyTheTopOneLabelsThem() throws IOException {
        List<XYPlot> panels = panels(SoakChart.chart(csv(ALL_COLUMNS), FAULTS, "soak"));

        for (int p = 0; p < panels.size(); p++) {
            List<Marker> markers = List.copyOf(panels.get(p).getDomainMarkers(Layer.BACKGROUND));
            assertThat(markers).hasSize(2);
            IntervalMarker first = (IntervalMarker) markers.get(0);
            assertThat(first.getStartValue()).isEqualTo(20);
            assertThat(first.getEndValue()).isEqualTo(25);
            assertThat(markers).extracting(Marker::getLabel).containsExactly(
                    p == 0 ? new String[] {"kafka broker down", "taskmanager killed"} : new String[] {null, null});
        }
        // Neighbouring labels in different rows.
        List<Marker> top = List.copyOf(panels.get(0).getDomainMarkers(Layer.BACKGROUND));
        assertThat(top.get(0).getLabelOffset().getTop()).isNotEqualTo(top.get(1).getLabelOffset().getTop());
    }

    /**
     * 60 minutes, one row a minute, of the given columns. Empty cells: stored_per_s from minute 20 to 24, lag_s at
     * minute 0, taskmanager_heap_mb at minute 30.
     */
    private Path csv(List<String> columns) throws IOException {
        List<String> lines = new ArrayList<>(List.of(String.join(",", columns)));
        for (int m = 0; m < 60; m++) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                cells.add(cell(column, m));
            }
            lines.add(String.join(",", cells));
        }
        return Files.write(dir.resolve("soak.csv"), lines);
    }

    private static String cell(String column, int m) {
        return switch (column) {
            case "minute" -> Integer.toString(m);
            case "in_per_s" -> Integer.toString(1000 + m % 7);
            case "stored_per_s" -> m >= 20 && m < 25 ? "" : Integer.toString(1000 - m);
            case "lag_s" -> m == 0 ? "" : Double.toString(0.5 + (m >= 20 && m < 30 ? m - 20 : 0));
            case "checkpoint_s" -> Double.toString(0.2 + m % 5 / 10.0);
            case "checkpoint_mb" -> Double.toString(3 + m / 20.0);
            case "jobmanager_heap_mb" -> Integer.toString(150 + m % 10);
            case "taskmanager_heap_mb" -> m == 30 ? "" : Integer.toString(400 + m * 3 % 50);
            case "taskmanager_metaspace_mb" -> Integer.toString(90 + m / 30);
            case "taskmanager_rss_mb" -> Integer.toString(900 + m);
            case "restarts" -> m < 40 ? "0" : "1";
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static List<XYPlot> panels(JFreeChart chart) {
        return ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    }

    private static List<String> titles(JFreeChart chart) {
        return panels(chart).stream().map(panel -> panel.getRangeAxis().getLabel()).toList();
    }

    private static List<String> keys(XYDataset dataset) {
        return IntStream.range(0, dataset.getSeriesCount()).mapToObj(s -> dataset.getSeriesKey(s).toString()).toList();
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
