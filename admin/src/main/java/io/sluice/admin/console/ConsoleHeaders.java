package io.sluice.admin.console;

import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminRoutes;
import io.vertx.ext.web.Router;

/**
 * Security headers on the console's static files (served at {@code /console/} by the admin
 * server). The Content-Security-Policy allows scripts, styles and connections to this origin only
 * and no inline script at all, so even a rendering bug could not run injected markup; the pages
 * themselves insert data as text only.
 */
public final class ConsoleHeaders implements AdminRoutes {
    /** Same-origin everything; {@code data:} images only for the empty favicon. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void mount(Router router, AdminAuth auth) {
        // mounted before the server's static handler, so these run first on every console path
        router.route("/console/*").handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY");
            ctx.next();
        });
    }
}
