package io.sluice.config;

import java.time.Duration;

/**
 * The HTTP ingress.
 *
 * @param host          bind address
 * @param port          bind port (0: any free port)
 * @param maxBodyBytes  default body limit; a source may set its own
 * @param kafkaTimeout  how long a request waits for Kafka's acknowledgement before answering 503
 * @param maxInFlight   writes awaiting Kafka's acknowledgement beyond which requests get 503
 * @param tls           PEM certificate and key, or null for plain HTTP
 */
public record IngressConfig(String host, int port, long maxBodyBytes, Duration kafkaTimeout, int maxInFlight,
                            TlsConfig tls) {
}
