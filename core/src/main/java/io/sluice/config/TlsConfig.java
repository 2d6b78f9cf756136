package io.sluice.config;

import java.nio.file.Path;

/** PEM certificate chain and private key; when present the ingress serves HTTPS. */
public record TlsConfig(Path certPath, Path keyPath) {
}
