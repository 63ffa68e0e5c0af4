package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;

import java.io.Serializable;
import java.util.Optional;

/**
 * One kind of record in one column family: the Put the job writes for it and how a reader gets it
 * back, side by side, so that the two cannot drift apart. Every Put is an idempotent upsert: its
 * row key and cell version come from the record itself, so a replay rewrites the same cells.
 *
 * @param <R> the record the job writes
 * @param <D> what a reader gets back from a row
 */
public interface FamilyCodec<R, D> extends Serializable {

    /** The record as a Put of its cells. */
    Put put(R record);

    /** What a row holds of this family; empty for a row without it, or with a key the job does not write. */
    Optional<D> decode(Result row);
}
