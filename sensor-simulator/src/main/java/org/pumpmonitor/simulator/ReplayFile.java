package org.pumpmonitor.simulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The lines of a CSV file in the sensor format, as records to send. Each line is sent exactly as
 * it is in the file (a line that is not a reading too: it is the job's to reject); blank lines
 * are skipped.
 *
 * <p>By default the lines go out in event-time order across all pumps (a stable sort: a line
 * without a readable date-time keeps the time of the line before it), because a file sorted by
 * pump would otherwise send nine pumps' readings days late. That sort reads the whole file into
 * memory; {@code fileOrder} streams it as it is.
 */
public final class ReplayFile {

    private ReplayFile() {}

    public static Iterator<SensorRecord> open(Path file, boolean fileOrder) throws IOException {
        Iterator<SensorRecord> lines = lines(file);
        if (fileOrder) {
            return lines;
        }
        List<SensorRecord> all = new ArrayList<>();
        lines.forEachRemaining(all::add);
        all.sort(Comparator.comparing(SensorRecord::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        return all.iterator();
    }

    /** Counts the non-blank lines, for faults given as counts. */
    public static long countLines(Path file) throws IOException {
        long count = 0;
        Iterator<SensorRecord> lines = lines(file);
        while (lines.hasNext()) {
            lines.next();
            count++;
        }
        return count;
    }

    private static Iterator<SensorRecord> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("cannot read file " + file);
        }
        return new LineIterator(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    /** Splits a stream on '\n' (dropping a trailing '\r'), keeping each line's bytes. */
    private static final class LineIterator implements Iterator<SensorRecord> {
        private final InputStream in;
        private SensorRecord next;
        private LocalDateTime lastTime;
        private boolean done;

        LineIterator(InputStream in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = readNonBlank();
            }
            return next != null;
        }

        @Override
        public SensorRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SensorRecord line = next;
            next = null;
            return line;
        }

        private SensorRecord readNonBlank() {
            try {
                while (true) {
                    byte[] bytes = readLine();
                    if (bytes == null) {
                        done = true;
                        in.close();
                        return null;
                    }
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    if (text.isBlank()) {
                        continue;
                    }
                    return toRecord(bytes, text);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private SensorRecord toRecord(byte[] bytes, String text) {
            Reading reading = SensorCsv.parse(text);
            LocalDateTime time = SensorCsv.timeOf(text);
            if (time != null) {
                lastTime = time;
            }
            String pump = SensorCsv.pumpOf(text);
            SensorRecord.Kind kind = reading == null ? SensorRecord.Kind.UNPARSED_LINE : SensorRecord.Kind.READING;
            return new SensorRecord(pump, bytes, time != null ? time : lastTime, kind, reading);
        }

        private byte[] readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            if (!any) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\r') {
                return java.util.Arrays.copyOf(bytes, length - 1);
            }
            return bytes;
        }
    }
}
