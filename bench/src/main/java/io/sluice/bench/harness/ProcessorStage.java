package io.sluice.bench.harness;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processor's throughput on a pre-loaded raw topic: the input is written once (as the ingress
 * writes it: key {@code <source>:<id>}, raw body, the {@code sluice.*} headers), then a processor JVM
 * (or the pass-through baseline) is started on it and timed from RUNNING until its committed input
 * offsets reach the end of the topic. The consumer group's committed offsets are read from outside.
 */
final class ProcessorStage {

    /**
     * One input topic: {@code warmup} records first (unique, untimed: they warm the measured JVM's JIT
     * up), then {@code records} measured records, {@code unique} of them with distinct keys.
     */
    record Input(String topic, int records, int unique, int warmup) {
        /** An input without a warm-up part. */
        Input(String topic, int records, int unique) {
            this(topic, records, unique, 0);
        }
    }

    /**
     * One processor run.
     *
     * @param steadyPerSec input records per second between 10 % and 90 % of the input
     * @param wholePerSec  input records per second from RUNNING to the last commit
     * @param outRecords   committed records in the output topics (read_committed), -1 if not counted
     * @param stats        the child's memory/CPU/RocksDB figures just before it stopped
     * @param stateBytes   size of its state directory after a clean close
     * @param commitInterval the Streams commit interval of the run (the same for every run of a stage)
     * @param jitMs       time the child's JIT compilers spent during the timed part (-1: not known): near
     *                    0 when the warm-up part was long enough
     * @param threadMs    the child's CPU ms in the timed part per thread group ({@link ThreadCpu}), largest first
     * @param timedFrom   the group's committed input offsets (summed over partitions) when the clock started:
     *                    past the warm-up part, once the JIT compilers had gone quiet ({@link #awaitQuietJit})
     * @param timed       input records in the timed part (from {@code timedFrom} to the end of the input)
     */
    record Run(String name, Input input, double steadyPerSec, double wholePerSec, double seconds, boolean drained,
               long outRecords, Map<String, String> stats, long stateBytes, HttpStage.CpuShare cpu,
               Duration commitInterval, long jitMs, Map<String, Long> threadMs, long timedFrom, long timed) {
    }

    /**
     * The clock starts once the measured JVM's JIT compiler threads used less than this much CPU over
     * the last second (5 % of a core) after the warm-up part: with a fixed warm-up part only, they still
     * spent 2-3 µs per event of the timed part compiling (a third of the at-least-once pass-through's
     * CPU, a seventh of the Sluice topology's), on the same two cores as the run.
     */
    static final long JIT_QUIET_MS_PER_S = 50;
    /** ... or once this share of the measured records is done, quiet or not (the timed part keeps the rest). */
    static final double JIT_WAIT_MAX_SHARE = 0.3;

    /** The Sluice topology's runs, on 0 % and 30 % duplicates (the run names the report looks up). */
    static final String REAL0 = "real0";
    static final String REAL30 = "real30";
    /** An extra Sluice run on the 0 % input, profiled with JFR, in no ratio. */
    static final String PROFILE0 = "profile0";
    /** The exactly_once_v2 pass-through on the same two inputs. */
    static final String EOS0 = "pteos0";
    static final String EOS30 = "pteos30";
    /** The at_least_once pass-through on the same two inputs. */
    static final String ALOS0 = "ptalos0";
    static final String ALOS30 = "ptalos30";

    /**
     * How often the target pair (Sluice topology and at-least-once pass-through at 0 % duplicates) runs,
     * interleaved S, A, S, A, ...: one run of each was noise-dominated (the pass-through's rate alone
     * varied by about a factor of two between single runs on this machine).
     */
    static final int TARGET_PAIRS = 3;

    /** The name of the {@code i}-th run (from 1) of a repeated run: the first keeps the bare name. */
    static String repeat(String base, int i) {
        return i <= 1 ? base : base + "-" + i;
    }

    /** The name a (possibly repeated) run is grouped under: its name without the repeat suffix. */
    static String base(String name) {
        return name.replaceFirst("-\\d+$", "");
    }

    /**
     * The steady rates (10 → 90 %) of every run of {@code base} (the bare name and its repeats), in run
     * order; runs without a steady rate (timed out early) are left out.
     */
    static List<Double> steadyRates(Map<String, Run> runs, String base) {
        List<Double> out = new ArrayList<>();
        for (Run r : runs.values()) {
            if (base(r.name()).equals(base) && !Double.isNaN(r.steadyPerSec())) {
                out.add(r.steadyPerSec());
            }
        }
        return out;
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN when empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The ratios of the processor stage, as report lines: Sluice / at-least-once pass-through at 0 %
     * duplicates (the target, ≥ 0.5), then Sluice / exactly-once pass-through at the same duplicate
     * ratio (what dedupe, normalization and routing cost under the same transactions), then the two
     * pass-throughs against each other (what the transactions cost). Each side is the median of the
     * steady rates (10 → 90 %) of its runs (one run, or {@link #TARGET_PAIRS} interleaved repeats) on
     * the same pre-filled input; the runs and the spread of each side are named beside the ratio. A
     * pair with a missing run is left out.
     *
     * @param ratio formats a / b
     * @param num   formats a rate
     */
    static List<String> ratioLines(Map<String, Run> runs, java.util.function.BiFunction<Double, Double, String> ratio,
                                   java.util.function.Function<Double, String> num) {
        List<String> out = new ArrayList<>();
        Run any = runs.values().stream().findFirst().orElse(null);
        if (any == null) {
            return out;
        }
        out.add("Ratios of steady rates (10 → 90 %), every run with `commit-interval` **"
                + any.commitInterval().toMillis() + " ms** (the processor's, set explicitly, so the at_least_once "
                + "pass-through does not use its own 30 s default). Where a topology ran more than once on an input, "
                + "its side of the ratio is the **median** of its runs (every run is a row above), with the min–max "
                + "of those runs:");
        out.add("");
        out.add("| ratio | duplicates | value | target | numerator: median (min–max, runs) | denominator: median (min–max, runs) |");
        out.add("|---|---:|---:|---|---|---|");
        addRatio(out, runs, ratio, num, REAL0, ALOS0, "Sluice topology / at-least-once pass-through", "0 %", "≥ 0.5");
        addRatio(out, runs, ratio, num, REAL30, ALOS30, "Sluice topology / at-least-once pass-through", "30 %", "");
        addRatio(out, runs, ratio, num, REAL0, EOS0, "Sluice topology / exactly-once pass-through", "0 %", "");
        addRatio(out, runs, ratio, num, REAL30, EOS30, "Sluice topology / exactly-once pass-through", "30 %", "");
        addRatio(out, runs, ratio, num, EOS0, ALOS0, "exactly-once / at-least-once pass-through", "0 %", "");
        addRatio(out, runs, ratio, num, EOS30, ALOS30, "exactly-once / at-least-once pass-through", "30 %", "");
        out.add("");
        return out;
    }

    private static void addRatio(List<String> out, Map<String, Run> runs,
                                 java.util.function.BiFunction<Double, Double, String> ratio,
                                 java.util.function.Function<Double, String> num, String num0, String den,
                                 String what, String dups, String target) {
        List<Double> a = steadyRates(runs, num0);
        List<Double> b = steadyRates(runs, den);
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        String value = ratio.apply(median(a), median(b));
        out.add("| " + what + " | " + dups + " | " + (target.isEmpty() ? value : "**" + value + "**") + " | "
                + target + " | " + side(a, num) + " | " + side(b, num) + " |");
    }

    /** "median (min–max, n runs)", or the single rate of one run. */
    private static String side(List<Double> rates, java.util.function.Function<Double, String> num) {
        if (rates.size() == 1) {
            return num.apply(rates.get(0)) + " (1 run)";
        }
        double min = rates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = rates.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return num.apply(median(rates)) + " (" + num.apply(min) + "–" + num.apply(max) + ", " + rates.size()
                + " runs)";
    }

    private ProcessorStage() {
    }

    /**
     * Writes {@code records} raw records of {@code size} bytes, of which {@code dupShare} are exact
     * copies (key, body, headers) of an earlier record.
     */
    static Input produce(String bootstrap, String topic, String run, int records, int size, double dupShare,
                         long seed) throws Exception {
        return produce(bootstrap, topic, run, 0, records, size, dupShare, seed);
    }

    /**
     * As above, after {@code warmup} unique records (0 % duplicates) that the runs process before their
     * clock starts: a fresh JVM compiles its hot code while it processes them, and that compilation
     * (C2 was half of the Sluice topology's CPU in a 150,000-record run) is start-up, not throughput.
     */
    static Input produce(String bootstrap, String topic, String run, int warmup, int records, int size,
                         double dupShare, long seed) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        // One batch in flight per partition: on a topic created a moment ago the first batches can get
        // NOT_LEADER_OR_FOLLOWER; with five in flight later batches were appended before the retried
        // first one, which the broker then refused as out of order until the records expired (seen in
        // a default-profile run: 402 of 200,000 input records lost, the ops stage's processor part failed).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        awaitLeaders(bootstrap, topic, Duration.ofSeconds(30));
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Random random = new Random(seed);
        // the indexes of the unique measured records, not the records: a duplicate is built again from
        // its original's index (the same key, body and headers), so that the input's size is not bounded
        // by the harness's heap (1.3 million records held here did not fit in 2 GiB)
        int[] uniques = new int[Math.max(16, records)];
        int nUnique = 0;
        long now = System.currentTimeMillis();
        MessageDigest sha = sha256();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < warmup + records; i++) {
                ProducerRecord<byte[], byte[]> r;
                if (i >= warmup && nUnique > 0 && random.nextDouble() < dupShare) {
                    r = rawRecord(topic, run, uniques[random.nextInt(nUnique)], size, now, sha);
                } else {
                    r = rawRecord(topic, run, i, size, now, sha);
                    if (i >= warmup) {
                        uniques[nUnique++] = i; // duplicates copy measured records only
                    }
                }
                producer.send(r, (md, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            // a run on an incomplete input would wait for records that never come, and mislead
            throw new IOException(failed.get() + " of " + records + " input records to " + topic
                    + " were not written: " + firstFailure.get());
        }
        return new Input(topic, records, nUnique, warmup);
    }

    /** The {@code i}-th record of an input, as the ingress writes it (the same bytes for the same arguments). */
    private static ProducerRecord<byte[], byte[]> rawRecord(String topic, String run, int i, int size, long now,
                                                            MessageDigest sha) {
        String type = i % 2 == 0 ? "index-completed" : "user.updated";
        byte[] body = Deliveries.body(run, i, size, type, now / 1000);
        String id = HexFormat.of().formatHex(sha.digest(body));
        RecordHeaders h = new RecordHeaders();
        h.add("sluice.source", utf8("bench"));
        h.add("sluice.event-id", utf8(id));
        h.add("sluice.event-type", utf8(type));
        h.add("sluice.received-at", utf8(String.valueOf(now)));
        h.add("content-type", utf8("application/json"));
        return new ProducerRecord<>(topic, null, utf8("bench:" + id), body, h);
    }

    /**
     * Times one started processor child on {@code input}, from the end of its warm-up part (from at once
     * when it has none); stops it, measures its state directory and counts its committed output (less
     * the warm-up part's, which is one output record per warm-up record). {@code jfr}: where a JFR
     * recording of the timed part goes (null: none).
     */
    static Run time(String name, Child child, Input input, String bootstrap, String applicationId, Path stateDir,
                    List<String> outputTopics, Duration timeout, Duration commitInterval,
                    java.util.function.Supplier<long[]> cpuNow, Path jfr)
            throws Exception {
        long[] cpuBefore;
        long start;
        long jitBefore;
        long timedFrom;
        Map<String, Long> threadsBefore;
        Progress p;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (input.warmup() > 0) {
                awaitWarm(admin, applicationId, input, System.nanoTime() + timeout.toNanos());
            }
            timedFrom = awaitQuietJit(admin, applicationId, input, child.pid(), System.nanoTime() + timeout.toNanos());
            if (jfr != null) {
                child.startJfr(jfr); // the timed part only: warm-up and its compilation stay out of the profile
            }
            jitBefore = jitMs(child.stats());
            threadsBefore = ThreadCpu.snapshot(child.pid());
            cpuBefore = cpuNow.get();
            start = System.nanoTime();
            p = awaitCommitted(admin, applicationId, input.topic(), timedFrom, timed(input, timedFrom),
                    start + timeout.toNanos());
        }
        boolean drained = p.drained();
        long end = drained ? p.tEnd() : System.nanoTime();
        long[] cpuAfter = cpuNow.get();
        Map<String, Long> threads = ThreadCpu.delta(threadsBefore, ThreadCpu.snapshot(child.pid()), 1);
        long timed = timed(input, timedFrom);
        HttpStage.CpuShare cpu = new HttpStage.CpuShare(cpuAfter[0] - cpuBefore[0], cpuAfter[1] - cpuBefore[1],
                cpuAfter[2] - cpuBefore[2], cpuAfter[3] < 0 ? -1 : cpuAfter[3] - cpuBefore[3], (end - start) / 1e9,
                timed);
        Map<String, String> stats = child.stats();
        child.close();
        long jitAfter = jitMs(stats);
        double steady = p.steadyPerSec(timed);
        double seconds = (end - start) / 1e9;
        long counted = countCommitted(bootstrap, outputTopics, Duration.ofSeconds(30));
        long outRecords = counted < 0 ? counted : counted - input.warmup();
        return new Run(name, input, steady, (drained ? timed : Double.NaN) / seconds, seconds, drained,
                outRecords, stats, directorySize(stateDir), cpu, commitInterval,
                jitBefore < 0 || jitAfter < 0 ? -1 : jitAfter - jitBefore, threads, timedFrom, timed);
    }

    private static long jitMs(Map<String, String> stats) {
        try {
            return Long.parseLong(stats.getOrDefault("jitMs", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Waits until every partition of a just-created topic has a leader: producing into a topic whose
     * metadata has not reached the broker yet can make an idempotent producer's first batch arrive
     * after later ones (seen here: OUT_OF_ORDER_SEQUENCE_NUMBER retried until the delivery timeout).
     */
    static void awaitLeaders(String bootstrap, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    var d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
                    if (d != null && !d.partitions().isEmpty()
                            && d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not known yet: ask again
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("topic " + topic + " has no leader for every partition after " + timeout);
    }

    /**
     * The group's committed offsets of {@code topic} only: with the event index on, the Sluice
     * topology's group also commits the offsets of the output topics it reads back, and summing
     * those too would end a run when about half of the input is done.
     */
    /**
     * When a group's committed offsets of the input topic passed 10 %, 90 % and all of its records
     * ({@code System.nanoTime()}; -1 when not reached before the deadline).
     */
    record Progress(long t10, long t90, long tEnd) {
        boolean drained() {
            return tEnd > 0;
        }

        /** Input records per second between 10 % and 90 % of the input, NaN when not measured. */
        double steadyPerSec(long records) {
            return t10 > 0 && t90 > t10 ? 0.8 * records / ((t90 - t10) / 1e9) : Double.NaN;
        }
    }

    /** Input records from {@code from} (committed offsets, summed) to the end of the input. */
    static long timed(Input input, long from) {
        return Math.max(1, (long) input.warmup() + input.records() - from);
    }

    /**
     * After the warm-up part: polls every 200 ms until the child's JIT compiler threads
     * ({@link ThreadCpu}) used less than {@link #JIT_QUIET_MS_PER_S} of CPU over the last second, or
     * until {@link #JIT_WAIT_MAX_SHARE} of the measured records are done, or the deadline; returns the
     * group's committed input offsets then (the clock starts there). Without a thread view of the child
     * (not Linux), at once.
     */
    static long awaitQuietJit(Admin admin, String group, Input input, long pid, long deadline)
            throws InterruptedException {
        long cap = input.warmup() + (long) (input.records() * JIT_WAIT_MAX_SHARE);
        List<long[]> window = new ArrayList<>(); // {nanoTime, JIT ms}, oldest first
        while (true) {
            long done = committed(admin, group, input.topic());
            Map<String, Long> threads = ThreadCpu.snapshot(pid);
            long now = System.nanoTime();
            if (threads.isEmpty() || done >= cap || now > deadline) {
                return done;
            }
            long jit = threads.getOrDefault(ThreadCpu.JIT, 0L);
            window.add(new long[]{now, jit});
            // the window starts at the newest sample that is at least a second old
            while (window.size() > 1 && now - window.get(1)[0] >= 1_000_000_000L) {
                window.remove(0);
            }
            long[] first = window.get(0);
            if (now - first[0] >= 1_000_000_000L
                    && (jit - first[1]) * 1e9 / (now - first[0]) < JIT_QUIET_MS_PER_S) {
                return done;
            }
            Thread.sleep(200);
        }
    }

    /** Polls {@link #committed} every 50 ms until the group has committed the warm-up part, or the deadline. */
    static void awaitWarm(Admin admin, String group, Input input, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline && committed(admin, group, input.topic()) < input.warmup()) {
            Thread.sleep(50);
        }
    }

    /**
     * Polls {@link #committed} every 50 ms until the group has committed the whole input, or the deadline;
     * 10 %, 90 % and the end are of the measured records, after the warm-up part.
     */
    static Progress awaitCommitted(Admin admin, String group, Input input, long deadline) throws InterruptedException {
        return awaitCommitted(admin, group, input.topic(), input.warmup(), input.records(), deadline);
    }

    /** As above, for the {@code records} records after the committed offsets (summed) {@code from}. */
    static Progress awaitCommitted(Admin admin, String group, String topic, long from, long records, long deadline)
            throws InterruptedException {
        long t10 = -1;
        long t90 = -1;
        while (System.nanoTime() < deadline) {
            long done = committed(admin, group, topic) - from;
            long now = System.nanoTime();
            if (t10 < 0 && done >= records * 0.1) {
                t10 = now;
            }
            if (t90 < 0 && done >= records * 0.9) {
                t90 = now;
            }
            if (done >= records) {
                return new Progress(t10, t90, now);
            }
            Thread.sleep(50);
        }
        return new Progress(t10, t90, -1);
    }

    static long committed(Admin admin, String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return 0;
        }
    }

    /** Records visible with {@code read_committed} in the given topics (their count, by reading them). */
    static long countCommitted(String bootstrap, List<String> topics, Duration timeout) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(pi -> parts.add(new TopicPartition(d.name(), pi.partition())));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .all().get(10, TimeUnit.SECONDS);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long count = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
                boolean atEnd = true;
                for (TopicPartition tp : parts) {
                    if (consumer.position(tp) < ends.get(tp).offset()) {
                        atEnd = false;
                        break;
                    }
                }
                if (atEnd) {
                    return count;
                }
            }
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static long directorySize(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
