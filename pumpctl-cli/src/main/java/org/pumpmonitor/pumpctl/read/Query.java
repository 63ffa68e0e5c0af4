package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;

import java.time.Instant;
import java.util.Optional;

/**
 * One read of one kind of row, as {@code query}, the dashboard, the demo and the benchmarks ask
 * for it: one pump's rows (or every pump's) from {@code from} (inclusive) to {@code to}
 * (exclusive; null bounds are open), at most {@code limit} of them.
 *
 * @param pump null for every pump (and for dead letters, which are no pump's)
 * @param take which rows when there are more than the limit
 */
public record Query(Kind kind, String pump, Instant from, Instant to, int limit, Take take) {

    /** Which rows a query answers when more are in its range than its limit. */
    public enum Take {
        /** The first in key order (pump, then time), as {@code query} prints them. */
        FIRST,
        /**
         * The newest, as the dashboard shows them: a pump's rows in time order, read newest first so
         * that HBase reads no more rows than the limit; dead letters newest first, by Kafka time.
         */
        NEWEST
    }

    public Query {
        if (limit < 1) {
            throw new IllegalArgumentException("a query's limit must be at least 1, not " + limit);
        }
    }

    /** Every row of the kind, in key order. */
    public static Query every(Kind kind) {
        return new Query(kind, null, null, null, Integer.MAX_VALUE, Take.FIRST);
    }

    /** The first rows in key order within the bounds. */
    public static Query first(Kind kind, String pump, Instant from, Instant to, int limit) {
        return new Query(kind, pump, from, to, limit, Take.FIRST);
    }

    /** The newest rows within the bounds. */
    public static Query newest(Kind kind, String pump, Instant from, Instant to, int limit) {
        return new Query(kind, pump, from, to, limit, Take.NEWEST);
    }

    /** The rows of the query's range, in key order. */
    Scan range() {
        return kind.scan(pump, from, to);
    }

    /** The row as the query's kind, if it holds one within the bounds. */
    Optional<Kind.StoredRow> match(Result row) {
        return kind.decode(row).filter(r -> kind.within(r.time(), from, to));
    }
}
