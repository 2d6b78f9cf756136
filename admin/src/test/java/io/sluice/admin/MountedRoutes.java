package io.sluice.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The API routes a router really serves, as OpenAPI-style paths ({@code /admin/events/{source}/{id}}) to methods. */
final class MountedRoutes {
    private MountedRoutes() {
    }

    /**
     * Routes under /admin/ and /streams/ with explicit methods (the body handler and the console's
     * static files are not API).
     */
    static Map<String, Set<String>> of(List<Route> routes) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Route r : routes) {
            String path = r.getPath();
            Set<HttpMethod> methods = r.methods();
            if (path == null || methods == null || methods.isEmpty() || !(path.startsWith("/admin/") || path.startsWith("/streams/"))) {
                continue;
            }
            String openApiPath = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            Set<String> m = out.computeIfAbsent(openApiPath, k -> new TreeSet<>());
            methods.forEach(x -> m.add(x.name().toLowerCase(java.util.Locale.ROOT)));
        }
        return out;
    }
}
