package io.sluice.scheme;

import java.util.Map;

/** Produces the request headers that make a delivery valid for one configured source. */
public interface WebhookSigner {
    /** Headers to send (in order), signed with the source's first secret. */
    Map<String, String> sign(SignRequest request);
}
