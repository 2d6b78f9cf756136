package io.sluice.scheme;

/**
 * One received webhook delivery, as the verifier sees it.
 *
 * @param url     the request URL as the provider called it (for schemes that sign the URL)
 * @param headers request headers
 * @param body    the raw body bytes exactly as received: signatures are computed over these
 */
public record Delivery(String url, Headers headers, byte[] body) {
}
