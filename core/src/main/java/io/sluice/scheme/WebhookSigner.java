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

    /**
     * The body to send with the headers of {@link #sign}: the request's body, except for providers that sign
     * inside the body (Mailgun, Adyen), which return it with their signature written in.
     *
     * @throws IllegalArgumentException when such a provider cannot write its signature into the body (not JSON)
     */
    default byte[] signedBody(SignRequest request) {
        return request.body();
    }
}
