package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.TableNotFoundException;

import java.io.IOException;
import java.util.Optional;

/** What a failed read says about HBase: for a one-line message (query) or a 503 (the dashboard). */
public final class HBaseFailures {

    /** The package of the HBase client's classes. */
    private static final String HBASE_CLIENT = "org.apache.hadoop.hbase.";

    private HBaseFailures() {
    }

    /**
     * The first line of the message of the HBase client's IOException behind a failure, if one
     * is: the client throws them directly, and a scanner's iterator wraps them in runtime
     * exceptions. Only what the client raised counts: an IOException of one of its classes, or
     * thrown from its code (its operation timeout is a plain {@code SocketTimeoutException}); not,
     * for one, the dashboard's client going away while it is answered.
     */
    public static Optional<String> hbaseFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && raisedByHBase(t)) {
                return Optional.of(firstLine(t));
            }
        }
        return Optional.empty();
    }

    /** The table HBase said it does not have, if that is the failure. */
    public static Optional<String> missingTable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TableNotFoundException) {
                return Optional.of(firstLine(t));
            }
        }
        return Optional.empty();
    }

    private static boolean raisedByHBase(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t.getClass().getName().startsWith(HBASE_CLIENT)
                || trace.length > 0 && trace[0].getClassName().startsWith(HBASE_CLIENT);
    }

    private static String firstLine(Throwable t) {
        return String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    }
}
