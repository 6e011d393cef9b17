/**
 * Message storage engine of a JetStream stream, on its own (JetStream is wired onto it elsewhere).
 *
 * <ul>
 *   <li>{@link io.torus.storage.StreamStore}: the one store interface (append, load by sequence, last by subject,
 *       next by filter, remove/erase, purge/compact/truncate, skips, state, per-subject counts, pending counts,
 *       limits, expiry, snapshot/restore).</li>
 *   <li>{@link io.torus.storage.memory.MemoryStore} and {@link io.torus.storage.file.BlockFileStore}: the two
 *       implementations; both sit on {@link io.torus.storage.AbstractStreamStore}, which holds the semantics once.</li>
 *   <li>{@link io.torus.storage.RecordDescriptor} and {@link io.torus.storage.file.BlockDescriptor}: the
 *       on-disk layouts.</li>
 *   <li>{@link io.torus.storage.SubjectIndex}: the off-heap per-subject index (count, first, last).</li>
 *   <li>{@link io.torus.storage.consumer.ConsumerStateStore}: consumer delivered/ack-floor/pending state.</li>
 * </ul>
 *
 * <p>Hot paths allocate nothing: subjects, headers and payloads are Agrona buffer slices, loads copy into a
 * caller-owned {@link io.torus.storage.StoreMessage}. Threading: every store method is safe from any thread behind
 * one lock per store; the intended use is one writer (the JetStream append stage) plus readers.
 */
package io.torus.storage;
