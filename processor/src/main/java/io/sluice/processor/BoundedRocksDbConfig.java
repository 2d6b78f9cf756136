package io.sluice.processor;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the off-heap memory of every RocksDB instance in the process (Kafka Streams' documented
 * "bounded memory" setter): one block cache shared by all of them, which also holds their index and
 * filter blocks and is charged for their memtables through one {@link WriteBufferManager}.
 *
 * <p>Why: the dedupe store is a window store, so each task has one RocksDB instance per segment, and
 * Kafka Streams' default gives every instance its own 50 MiB block cache and three 16 MiB memtables.
 * Memory then grows with partitions × segments, and with the reads duplicates make (they fill the
 * caches): the processor's resident set reached 550 MiB in the bench with 30 % duplicates.
 * The store is read only for keys the {@link SeenKeys} filter may have seen, so a small shared cache
 * is enough. {@code kafka.properties} may set {@code rocksdb.config.setter} to use another one.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
    /** Everything RocksDB may hold in memory across all stores of the process: cache and memtables. */
    static final long TOTAL_BYTES = 64L * 1024 * 1024;
    /** Of which memtables (charged to the cache): flushed when the total reaches it. */
    static final long MEMTABLE_BYTES = 24L * 1024 * 1024;
    /** One memtable: Streams flushes the store at least every 10,000 records (a checkpoint), about 1-2 MiB of entries. */
    static final long MEMTABLE_SIZE = 8L * 1024 * 1024;
    /** Index and filter blocks get this share of the cache at high priority, so data blocks do not evict them. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;

    // shared by every store instance of the process, never closed: stores come and go with tasks and segments
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, HIGH_PRIORITY_RATIO);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared: closing them here would break the other stores
    }
}
