package io.sluice.scheme;

import io.sluice.config.SourceConfig;

import java.time.Instant;

/**
 * Dropbox: {@code X-Dropbox-Signature} = hex HMAC-SHA256 of the body with the app secret. Notifications
 * only say which accounts changed ({@code list_folder.accounts}), with no id, no type and no time: the
 * id is the SHA-256 of the body, the type is empty. Verification: {@code GET ?challenge=<value>} is
 * answered with the value as {@code text/plain} ({@code nosniff}), as Dropbox documents.
 */
final class DropboxProvider extends HmacFamily {
    /** Longest challenge echoed: Dropbox's are short random strings; a longer one is not Dropbox. */
    private static final int MAX_CHALLENGE = 256;

    DropboxProvider() {
        super(HmacRule.header("X-Dropbox-Signature"));
    }

    @Override
    public String name() {
        return "dropbox";
    }

    @Override
    public Handshake handshake() {
        return CHALLENGE;
    }

    private static final Handshake CHALLENGE = new Handshake() {
        @Override
        public String describe() {
            return "GET ?challenge= echoed as text/plain";
        }

        @Override
        public HandshakeReply unsigned(HandshakeRequest request, SourceConfig source) {
            if (!request.isGet()) {
                return null;
            }
            String challenge = request.query("challenge");
            return challenge == null || challenge.isEmpty() || challenge.length() > MAX_CHALLENGE
                    ? HandshakeReply.refused(400, "bad_request", "a Dropbox verification request carries ?challenge=")
                    : HandshakeReply.text(challenge);
        }
    };

    @Override
    public EventRules events() {
        return EventRules.json().subject("/list_folder/accounts/0");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"list_folder\":{\"accounts\":[\"dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc\"]},\"delta\":{\"users\":[12345678]}}";
    }

    @Override
    public Proof proof() {
        return Proof.PUBLISHED_EXAMPLE;
    }

    @Override
    public String vectorOrigin() {
        return "Dropbox's published verification request GET ?challenge=abc123 (dropbox.com/developers/reference/webhooks: proves the handshake); signatures by node-crypto per that page (not proven outside)";
    }
}
