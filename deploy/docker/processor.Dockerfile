#
# Sluice processor: Kafka Streams dedupe, normalization to Avro and routing.
#
# Build context is the directory holding the shaded jar (app/target), so only the jar is sent:
#   mvn -B -q package -pl app -am
#   docker build -f deploy/docker/processor.Dockerfile -t sluice/processor:0.1.0-SNAPSHOT app/target
# or `mvn -B package -Pdocker -pl deploy-tests -am`, which runs the same command.
# Any image with a Java 17+ runtime on PATH, bash, groupadd and useradd. Default: Temurin's JRE from
# Docker Hub. Where no registry is reachable, deploy/docker/local-base builds one from Debian
# packages (sluice/base-jre:17) and the build passes --build-arg BASE_IMAGE=sluice/base-jre:17.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

# A fixed numeric uid/gid: Kubernetes' runAsNonRoot can only verify a numeric USER.
RUN groupadd --system --gid 10001 sluice \
 && useradd --system --uid 10001 --gid sluice --home-dir /var/lib/sluice --no-create-home \
            --shell /usr/sbin/nologin sluice \
 && mkdir -p /opt/sluice /etc/sluice /var/lib/sluice/data/streams \
 && chown -R sluice:sluice /var/lib/sluice

# Owned by root and not writable by the user: the running process cannot alter its own code.
COPY sluice.jar /opt/sluice/sluice.jar

# Relative paths in a config (./data/...) land in the only directory the user may write: the
# default processor.state-dir ./data/streams is /var/lib/sluice/data/streams. Mount a volume there
# (or at the configured state-dir) so a restart restores from local RocksDB, not from the changelog.
WORKDIR /var/lib/sluice
VOLUME ["/var/lib/sluice/data"]

# The heap follows the container's memory limit (UseContainerSupport is the default on 17, stated
# for clarity). 18.75 %: under the 1 GiB of docker-compose.yml and deploy/base the heap is
# 192 MiB, as `bin/sluice processor` gives it (-Xmx192m): the live heap is 50-80 MiB, and with
# 256 MiB G1 committed up to 210 MiB under load, which only grew the resident set (see bin/sluice).
# The rest is for RocksDB (the dedupe store allocates its memtables, block cache and table readers
# off-heap, per segment; see docs/benchmarks.md for its size at a million keys), metaspace, thread
# stacks and direct buffers.
# Run the image with a memory limit: without one, "18.75 %" is a share of the host. G1 is stated
# because the JVM picks Serial GC in a container with less than 2 CPUs or 1792 MiB.
# ExitOnOutOfMemoryError: a half-dead JVM must not keep answering health checks.
# Replace JAVA_OPTS as a whole to tune (e.g. -XX:MaxRAMPercentage=40).
# MALLOC_ARENA_MAX=2: without it glibc grows a malloc arena per contending thread (RocksDB's
# flush/compaction threads, Streams and JIT threads), and their unreturned free memory stays resident.
ENV JAVA_OPTS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=18.75 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    SLUICE_CONFIG=/etc/sluice/sluice.yaml

EXPOSE 8081
USER 10001:10001

# exec: java is PID 1 and receives SIGTERM, so Kafka Streams closes cleanly (commits, writes its
# checkpoint) and the next start does not restore the store from the changelog.
# Extra arguments (docker run … --config FILE) are passed on to the subcommand.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /opt/sluice/sluice.jar processor \"$@\"", "sluice-processor"]
