package io.sluice.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The {@code container} mode of {@link KafkaBroker}: Testcontainers' Kafka module with an
 * {@code apache/kafka} image (KRaft, one node). An outage is a {@code docker pause}: the broker
 * stops answering and comes back on the same mapped port with its data, as the embedded broker's
 * stop/start does. Used where Docker Hub is reachable; this project's CI keeps the embedded broker.
 */
final class ContainerKafka implements KafkaBroker.Backend {
    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    static ContainerKafka start(String image) {
        KafkaContainer c = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"));
        c.start();
        return new ContainerKafka(c);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void stop() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void start() {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void close() {
        container.stop();
    }
}
