package org.pumpmonitor.pumpctl.bench;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The soak's chart: one PNG of panels stacked over a shared time axis (minutes since the soak began), one panel
 * per group of the soak CSV's columns that the file has: readings/s in and stored, consumer lag, checkpoint
 * duration and size, heap, metaspace and resident memory per process, job restarts. Every fault is a shaded
 * interval on every panel, labelled on the top one. An empty cell is a gap in its line, not a zero.
 */
final class SoakChart {

    static {
        // No display where the soak runs: draw without one.
        System.setProperty("java.awt.headless", "true");
    }

    /** A fault drawn on every panel: a shaded interval from start to end (minutes since the soak began), labelled. */
    record Mark(String label, double startMinute, double endMinute) {
        Mark {
            if (label == null || !(startMinute <= endMinute)) {
                throw new IllegalArgumentException("a mark needs a label and start <= end: " + label + " "
                        + startMinute + ".." + endMinute);
            }
        }
    }

    static final int WIDTH = 1400;
    static final int PANEL_HEIGHT = 220;
    /** Title and the shared time axis. */
    static final int FRAME_HEIGHT = 80;

    /** The panels, top to bottom: a title and the columns it draws. */
    private record Group(String title, Predicate<String> takes, String suffix) {
        static Group of(String title, String... columns) {
            return new Group(title, List.of(columns)::contains, "");
        }

        static Group endingIn(String title, String suffix) {
            return new Group(title, column -> column.endsWith(suffix) && column.length() > suffix.length(), suffix);
        }

        /** A column's series name: the column, or for a group by suffix, what comes before it. */
        String seriesName(String column) {
            return column.substring(0, column.length() - suffix.length());
        }
    }

    private static final List<Group> GROUPS = List.of(
            Group.of("Readings/s", "in_per_s", "stored_per_s"),
            Group.of("Consumer lag (s)", "lag_s"),
            Group.of("Checkpoint duration (s)", "checkpoint_s"),
            Group.of("Checkpoint size (MB)", "checkpoint_mb"),
            Group.endingIn("Heap used (MB)", "_heap_mb"),
            Group.endingIn("Metaspace (MB)", "_metaspace_mb"),
            Group.endingIn("Resident memory (MB)", "_rss_mb"),
            Group.of("Job restarts", "restarts"));

    private static final Color[] PALETTE = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(148, 103, 189),
            new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34),
            new Color(23, 190, 207)};
    private static final Color FAULT_FILL = new Color(214, 39, 40, 45);
    private static final Color FAULT_LABEL = new Color(150, 20, 20);
    /** Rows the fault labels take in turn, so that neighbouring faults' labels do not overlap. */
    private static final int LABEL_ROWS = 3;

    private SoakChart() {
    }

    /** Reads the soak's CSV (header line, then numbers; empty cell = no value) and draws it as one PNG. */
    static void draw(Path csv, List<Mark> faults, Path png) throws IOException {
        String name = png.getFileName().toString();
        JFreeChart chart = chart(csv, faults, name.replaceFirst("\\.[^.]*$", ""));
        int panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().size();
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, height(panels));
    }

    static int height(int panels) {
        return FRAME_HEIGHT + PANEL_HEIGHT * panels;
    }

    /** The chart {@link #draw} saves: a panel per group the CSV has a column of. */
    static JFreeChart chart(Path csv, List<Mark> faults, String title) throws IOException {
        Map<String, XYSeries> columns = read(csv);
        NumberAxis minutes = new NumberAxis("Minutes since the start");
        minutes.setAutoRangeIncludesZero(false);
        minutes.setLowerMargin(0);
        minutes.setUpperMargin(0);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(minutes);
        plot.setGap(8);
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Group group : GROUPS) {
            XYSeriesCollection dataset = new XYSeriesCollection();
            columns.forEach((column, values) -> {
                if (group.takes().test(column)) {
                    values.setKey(group.seriesName(column));
                    dataset.addSeries(values);
                }
            });
            if (dataset.getSeriesCount() > 0) {
                plot.add(panel(group, dataset, colours));
            }
        }
        if (plot.getSubplots().isEmpty()) {
            throw new IOException(csv + ": no column to draw");
        }
        List<Mark> byStart = faults.stream().sorted(Comparator.comparingDouble(Mark::startMinute)).toList();
        double first = byStart.stream().mapToDouble(Mark::startMinute).min().orElse(Double.NaN);
        double last = byStart.stream().mapToDouble(Mark::endMinute).max().orElse(Double.NaN);
        for (XYPlot panel : plot.getSubplots()) {
            Range data = DatasetUtils.findDomainBounds(panel.getDataset());
            if (data != null) {
                first = Math.min(first, data.getLowerBound());
                last = Math.max(last, data.getUpperBound());
            }
        }
        for (int i = 0; i < byStart.size(); i++) {
            Mark fault = byStart.get(i);
            // A label runs right from its fault's start, or, near the right edge, left from its end.
            boolean leftward = fault.startMinute() > first + 0.8 * (last - first);
            boolean top = true;
            for (XYPlot panel : plot.getSubplots()) {
                panel.addDomainMarker(marker(fault, top ? i % LABEL_ROWS : -1, leftward), Layer.BACKGROUND);
                top = false;
            }
        }
        if (!byStart.isEmpty()) {
            // Room above the lines for the rows of labels.
            plot.getSubplots().get(0).getRangeAxis().setUpperMargin(0.35);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The columns after {@code minute}, by name, in the file's order: a point per row, a null y for an empty cell. */
    private static Map<String, XYSeries> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).split(",", -1)[0].trim().equals("minute")) {
            throw new IOException(csv + ": the first line must be a header starting with the column minute");
        }
        String[] header = lines.get(0).split(",", -1);
        Map<String, XYSeries> columns = new LinkedHashMap<>();
        for (int c = 1; c < header.length; c++) {
            columns.put(header[c].trim(), new XYSeries(header[c].trim(), false, true));
        }
        List<XYSeries> series = List.copyOf(columns.values());
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] cells = lines.get(n).split(",", -1);
            Double minute = number(csv, n, header[0], cells[0]);
            if (minute == null) {
                continue;
            }
            for (int c = 1; c < header.length; c++) {
                series.get(c - 1).add(minute, c < cells.length ? number(csv, n, header[c], cells[c]) : null);
            }
        }
        return columns;
    }

    private static Double number(Path csv, int line, String column, String cell) throws IOException {
        if (cell.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(cell.trim());
        } catch (NumberFormatException e) {
            throw new IOException(csv + " line " + (line + 1) + ", column " + column + ": not a number: " + cell);
        }
    }

    private static XYPlot panel(Group group, XYSeriesCollection dataset, Map<String, Color> colours) {
        NumberAxis axis = new NumberAxis(group.title());
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (group.title().equals("Job restarts")) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            // A process keeps its colour from panel to panel.
            String name = dataset.getSeriesKey(s).toString();
            lines.setSeriesPaint(s, group.suffix().isEmpty() ? PALETTE[s % PALETTE.length]
                    : colours.computeIfAbsent(name, k -> PALETTE[colours.size() % PALETTE.length]));
            lines.setSeriesStroke(s, new BasicStroke(1.5f));
        }
        XYPlot panel = new XYPlot(dataset, null, axis, lines);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
        panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (dataset.getSeriesCount() > 1 || !group.suffix().isEmpty()) {
            // Which line is which, and whose process. Bottom right: the axes start at zero, so the lines mostly
            // run above it.
            LegendTitle legend = new LegendTitle(lines);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            legend.setBackgroundPaint(new Color(255, 255, 255, 210));
            legend.setPosition(RectangleEdge.BOTTOM);
            panel.addAnnotation(new XYTitleAnnotation(0.995, 0.02, legend, RectangleAnchor.BOTTOM_RIGHT));
        }
        return panel;
    }

    /** A fault's shaded interval; labelled in the given row (0 at the top), or not at all for a negative row. */
    private static IntervalMarker marker(Mark fault, int row, boolean leftward) {
        IntervalMarker marker = new IntervalMarker(fault.startMinute(), fault.endMinute(), FAULT_FILL);
        marker.setAlpha(1f);
        if (row >= 0) {
            marker.setLabel(fault.label());
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            marker.setLabelPaint(FAULT_LABEL);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            marker.setLabelAnchor(leftward ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(leftward ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            marker.setLabelOffset(new RectangleInsets(3 + 14 * row, 2, 2, 2));
        }
        return marker;
    }
}
