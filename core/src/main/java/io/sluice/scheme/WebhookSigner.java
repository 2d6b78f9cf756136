package io.sluice.scheme;

import java.util.Map;

/** Produces the request headers that make a delivery valid for one configured source. */
public interface WebhookSigner {
    /**
     * Headers to send (in order), signed with the source's first secret.
     *
     * @throws IllegalArgumentException when the body cannot provide a value the signature covers (for
     *                                  example an {@code hmac} source whose {@code {timestamp}} is read
     *                                  from a body that is not JSON)
     */
    Map<String, String> sign(SignRequest request);
}
