package io.sluice.reliability;

import java.util.ArrayList;
import java.util.List;

/** The pass/fail rules of a fault-injection run, shared by the IT and {@link LongRun}. */
public final class Verdicts {
    /** Longest acceptable time from a broker restart to the first 200 again. */
    public static final double MAX_RECOVERY_SECONDS = 60;

    private Verdicts() {
    }

    /** Every broken rule, in words; empty when the run passed. */
    public static List<String> of(ChaosReport r) {
        List<String> out = new ArrayList<>();
        Audit.Delivery d = r.delivery();
        if (d.accepted() == 0) {
            out.add("no delivery was accepted at all");
        }
        if (!d.caughtUp()) {
            out.add("the audit did not see the processor commit the whole raw topic and read every output to its end");
        }
        if (r.unansweredOutsideFaults() > 0) {
            out.add(r.unansweredOutsideFaults() + " requests got no answer while no service was down (a hung ingress)");
        }
        for (ChaosReport.FaultEvidence f : r.evidence()) {
            if (f.pidBefore() <= 0 || f.pidAfter() <= 0 || f.pidBefore() == f.pidAfter() || !f.readyAgain()) {
                out.add("fault not observed as injected and recovered: " + f);
            }
        }
        long brokerFaults = r.evidence().stream().filter(f -> f.kind().equals("broker")).count();
        if (r.outages().size() != brokerFaults) {
            out.add(brokerFaults + " broker stops but " + r.outages().size() + " outages measured");
        }
        if (!d.lost().isEmpty()) {
            out.add(d.lost().size() + " accepted events lost");
        }
        if (!d.duplicated().isEmpty()) {
            out.add(d.duplicated().size() + " keys delivered more than once");
        }
        if (!d.misrouted().isEmpty()) {
            out.add(d.misrouted().size() + " events in the wrong topic");
        }
        if (!d.corrupt().isEmpty()) {
            out.add(d.corrupt().size() + " envelopes that do not match what was sent");
        }
        if (!d.unknown().isEmpty()) {
            out.add(d.unknown().size() + " keys that were never sent");
        }
        if (d.deadLettered() > 0) {
            out.add(d.deadLettered() + " valid events dead-lettered");
        }
        if (r.unexpectedStatuses() > 0) {
            out.add(r.unexpectedStatuses() + " answers other than 200/503 to valid deliveries: " + r.statuses());
        }
        if (r.missingRetryAfter() > 0) {
            out.add(r.missingRetryAfter() + " 503s without Retry-After");
        }
        if (r.availability() != null) {
            ChaosReport.Availability a = r.availability();
            if (a.isrSamples() == 0) {
                out.add("the in-sync replicas were never sampled");
            }
            if (a.unavailableOutsideFaults() > 0) {
                out.add(a.unavailableOutsideFaults() + " 503s while no broker or ingress was down");
            }
        }
        // one broker: a stopped broker must show as 503s; several: one node down must not stop the cluster
        boolean oneBroker = r.availability() == null;
        for (ChaosReport.OutageFigures o : r.outages()) {
            if (oneBroker && o.ok() > 0) {
                out.add(o.ok() + " requests answered 200 while the broker was down");
            }
            if (oneBroker && o.unavailable() == 0) {
                out.add("no 503 while the broker was down (" + o + ")");
            }
            if (o.recoverySeconds() < 0 || o.recoverySeconds() > MAX_RECOVERY_SECONDS) {
                out.add("ingress did not recover within " + MAX_RECOVERY_SECONDS + " s after a broker restart: " + o);
            }
        }
        if (r.store().changelogTopics().isEmpty()) {
            out.add("no dedupe changelog topic found");
        }
        if (r.store().changelogKeys() > r.store().rawDistinctKeys()) {
            out.add("dedupe store holds " + r.store().changelogKeys() + " keys for "
                    + r.store().rawDistinctKeys() + " distinct keys");
        }
        if (!r.leaks().isEmpty()) {
            out.add(r.leaks().size() + " log lines with a secret or signature: " + r.leaks());
        }
        return out;
    }
}
