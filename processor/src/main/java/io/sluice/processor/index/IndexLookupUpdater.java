package io.sluice.processor.index;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global lookup store ({@link EventIndex#STORE}) in step with {@code topics.index}: every
 * instance of the processor reads the whole (compacted) index topic into its own copy, so a lookup
 * on any instance answers for every partition. Two kinds of entries (see {@link EventIndex}): the
 * timeline by event key, and a time-ordered entry for the recent-events list.
 */
public final class IndexLookupUpdater implements Processor<byte[], byte[], Void, Void> {
    private KeyValueStore<byte[], byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(EventIndex.STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key == null || key.length == 0) {
            return;
        }
        byte[] eventKey = EventIndex.eventKey(key);
        byte[] old = store.get(eventKey);
        // only the old entry's time fields are read, not the whole timeline
        byte[] oldTime = old == null ? null : EventIndex.timeKey(old, key);
        if (record.value() == null) {
            store.delete(eventKey);
            if (oldTime != null) {
                store.delete(oldTime);
            }
            return;
        }
        Timeline t;
        try {
            t = Timeline.fromJson(record.value());
        } catch (RuntimeException e) {
            return; // not a timeline: nothing to index
        }
        byte[] newTime = EventIndex.timeKey(t, key);
        if (oldTime != null && !java.util.Arrays.equals(oldTime, newTime)) {
            store.delete(oldTime);
        }
        store.put(eventKey, record.value());
        store.put(newTime, EventIndex.summary(t));
    }
}
