package io.sluice.app;

import io.sluice.scheme.ProviderTable;
import io.sluice.scheme.Providers;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code bin/sluice providers}: every provider Sluice knows, one line each, starting with its scheme name. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List the providers (scheme names) a source may use, one per line: scheme, family, "
                + "timestamp tolerance, headers, event id, handshake. Details: docs/providers.md.")
final class ProvidersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        ProviderTable.lines(Providers.ALL).forEach(System.out::println);
        return 0;
    }
}
