package io.sluice.config;

/**
 * A part of a running process that takes a new config live (the ingress's sources, the processor's
 * routes). A reload calls {@link #prepare} on every part first, and only when all succeeded runs the
 * switches they returned: either everything changes or nothing does.
 */
@FunctionalInterface
public interface ConfigApplier {
    /**
     * Builds what {@code next} needs (verifiers, topics, ...) without changing what runs.
     *
     * @return the switch to {@code next}: quick, and must not fail (typically one atomic reference set)
     * @throws ConfigException when {@code next} is not acceptable (the reload is refused as invalid);
     *                         any other exception refuses it as failed
     */
    Runnable prepare(SluiceConfig next);
}
