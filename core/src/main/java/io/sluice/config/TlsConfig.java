package io.sluice.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/** PEM certificate chain and private key; when present the ingress serves HTTPS. */
public record TlsConfig(@JsonProperty("cert") Path certPath, @JsonProperty("key") Path keyPath) {
}
