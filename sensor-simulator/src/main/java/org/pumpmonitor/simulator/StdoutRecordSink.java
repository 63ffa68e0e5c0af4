package org.pumpmonitor.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** A dry run: each record's bytes and a newline, to an output stream (standard output). */
public final class StdoutRecordSink implements RecordSink {

    private final OutputStream out;
    private long written;

    public StdoutRecordSink(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    @Override
    public void send(SensorRecord record) throws IOException {
        out.write(record.value());
        out.write('\n');
        written++;
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long acknowledged() {
        return written;
    }

    @Override
    public long failed() {
        return 0;
    }

    @Override
    public String firstError() {
        return null;
    }

    @Override
    public void close() {
        flush();
    }
}
