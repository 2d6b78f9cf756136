package io.sluice.processor;

import io.sluice.config.ConfigException;
import io.sluice.config.RouteConfig;
import io.sluice.config.RouteFormat;
import io.sluice.config.SluiceConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.processor.TopologyTest.T0;
import static io.sluice.processor.TopologyTest.bytes;
import static io.sluice.processor.TopologyTest.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routes switched while the topology runs (live config): records after the switch follow the new routes. */
class LiveRoutesTest {
    @TempDir
    Path stateDir;
    SluiceConfig config;
    EventOutputs outputs;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> raw;

    @BeforeEach
    void start() {
        config = TestConfigs.config("unused:9092", "live-routes-test", stateDir);
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        outputs = new EventOutputs(config);
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics, outputs),
                StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String id) {
        raw.pipeInput(new TestRecord<>(bytes("github:" + id), bytes("{\"zen\":\"x\"}"), headers("github", id, "push"), T0));
    }

    private List<String> keys(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList().stream().map(r -> new String(r.key())).toList();
    }

    @Test
    void newRouteTakesEffectForRecordsAfterTheSwitch() {
        send("before");
        List<RouteConfig> routes = new ArrayList<>(config.routes());
        routes.add(new RouteConfig("github.pushes", List.of("github"), List.of("push")));
        outputs.prepare(config.withRoutes(routes)).run();
        send("after");
        assertThat(keys("sluice.events")).containsExactly("github:before");
        assertThat(keys("github.pushes")).containsExactly("github:after");
    }

    @Test
    void preparedRoutesDoNothingUntilSwitched() {
        Runnable pending = outputs.prepare(config.withRoutes(List.of(new RouteConfig("github.pushes", List.of(), List.of()))));
        send("still-old");
        assertThat(keys("sluice.events")).containsExactly("github:still-old");
        pending.run();
        send("new");
        assertThat(keys("github.pushes")).containsExactly("github:new");
    }

    @Test
    void conflictingFormatsAreRefusedBeforeAnythingChanges() {
        List<RouteConfig> routes = List.of(new RouteConfig("t", List.of(), List.of("a"), RouteFormat.AVRO),
                new RouteConfig("t", List.of(), List.of("b"), RouteFormat.JSON));
        assertThatThrownBy(() -> outputs.prepare(config.withRoutes(routes))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("routes[1].format");
        send("unchanged");
        assertThat(keys("sluice.events")).containsExactly("github:unchanged");
    }

    @Test
    void sourceAddedLiveIsCountedUnderItsOwnName() {
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        driver.close();
        SluiceConfig without = config.withSources(config.sources().stream().filter(s -> !s.name().equals("github")).toList());
        outputs = new EventOutputs(without);
        driver = new TopologyTestDriver(SluiceTopology.build(without, metrics, outputs),
                StreamsProperties.of(without, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        send("unknown-yet");
        outputs.prepare(config).run();
        send("known-now");
        assertThat(metrics.count(ProcessorMetrics.EVENTS_IN, "source", "unknown")).isEqualTo(1.0);
        assertThat(metrics.count(ProcessorMetrics.EVENTS_IN, "source", "github")).isEqualTo(1.0);
    }
}
