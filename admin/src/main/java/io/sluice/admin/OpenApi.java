package io.sluice.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The admin API's OpenAPI 3 document, {@code io/sluice/admin/openapi.json} on the classpath, served
 * at {@code GET /admin/openapi.json}. {@code OpenApiTest} fails when a mounted route is missing
 * from it or it names a route that is not mounted, so whoever adds a route documents it there.
 */
public final class OpenApi {
    static final String RESOURCE = "/io/sluice/admin/openapi.json";
    private static final String DOCUMENT = load();

    private OpenApi() {
    }

    /** The document as JSON text. */
    public static String document() {
        return DOCUMENT;
    }

    private static String load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the admin jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
