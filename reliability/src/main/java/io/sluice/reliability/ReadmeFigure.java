package io.sluice.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's reliability figure, written from the newest report kept in {@code docs/reports/}
 * rather than typed by hand: {@code reliability/publish} copies a run's report there and rewrites
 * the block between {@link #BEGIN} and {@link #END}; {@code ReadmeFigureTest} fails when the block
 * differs from what the newest report says. Depends on nothing but the JDK, so that
 * {@code java ReadmeFigure.java} runs it without a build.
 */
public final class ReadmeFigure {
    static final String BEGIN = "<!-- reliability-figure: written by reliability/publish from the newest docs/reports file; do not edit -->";
    static final String END = "<!-- /reliability-figure -->";
    /** Report files: {@code chaos-<plan>-<yyyyMMdd>-<HHmmss>.txt}. */
    private static final Pattern NAME = Pattern.compile("chaos-.+-(\\d{8}-\\d{6})\\.txt");

    private ReadmeFigure() {
    }

    /** The newest report in {@code reports} by the time stamp in its name. */
    static Optional<Path> newest(Path reports) {
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparing(ReadmeFigure::stamp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stamp(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? m.group(1) : "";
    }

    /** The README block (markers included) for {@code report}, linked as {@code link}. */
    static String block(String report, String link) {
        String plan = group(report, "== Sluice reliability: (\\S+) run \\(seed (\\d+)\\) ==", 1);
        String seed = group(report, "== Sluice reliability: (\\S+) run \\(seed (\\d+)\\) ==", 2);
        String wall = field(report, "wall time");
        String faults = field(report, "faults");
        String requests = group(report, "(?m)^requests\\s+(\\d+) \\((\\d+) redeliveries, (\\d+)%\\)", 1);
        String share = group(report, "(?m)^requests\\s+(\\d+) \\((\\d+) redeliveries, (\\d+)%\\)", 3);
        String accepted = group(report, "(?m)^accepted \\(got a 200\\)\\s+(\\d+)", 1);
        String delivered = group(report, "(?m)^delivered exactly once\\s+(\\d+)", 1);
        String lost = group(report, "(?m)^lost\\s+(\\d+)", 1);
        String duplicated = group(report, "(?m)^duplicated\\s+(\\d+)", 1);
        String load = fieldOrNull(report, "load");
        StringBuilder b = new StringBuilder();
        b.append(BEGIN).append('\n');
        b.append("Last reliability run kept (`").append(plan).append("`, seed ").append(seed).append(", ")
                .append(wall).append("; report [").append(link).append("](").append(link).append(")): ")
                .append(thousands(requests)).append(" requests (").append(share).append(" % redeliveries)");
        if (load != null) {
            b.append(", load ").append(load);
        }
        b.append("; faults: ").append(faults).append("; ")
                .append(thousands(accepted)).append(" events accepted, ")
                .append(thousands(delivered)).append(" delivered exactly once, **")
                .append(lost).append(" lost, ").append(duplicated).append(" duplicated**.");
        List<String> resources = report.lines().filter(l -> l.startsWith("resources ")).toList();
        for (String r : resources) {
            Matcher m = Pattern.compile("resources (\\S+).*slope ([+-][\\d.]+) MiB/min;.*slope ([+-][\\d.]+) fds/min")
                    .matcher(r);
            if (m.find()) {
                b.append(r == resources.get(0) ? " Slopes per minute: " : "; ")
                        .append(m.group(1)).append(" RSS ").append(m.group(2)).append(" MiB, fds ").append(m.group(3));
            }
        }
        if (!resources.isEmpty()) {
            b.append('.');
        }
        b.append('\n').append(END);
        return b.toString();
    }

    /** {@code readme} with its block replaced by {@code block}. */
    static String rewrite(String readme, String block) {
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("README has no reliability-figure block (" + BEGIN + " ... " + END + ")");
        }
        return readme.substring(0, from) + block + readme.substring(to + END.length());
    }

    /** The block as it stands in {@code readme}, markers included. */
    static String current(String readme) {
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("README has no reliability-figure block");
        }
        return readme.substring(from, to + END.length());
    }

    /** The block the newest report of {@code root}/docs/reports gives. */
    static String expected(Path root) throws IOException {
        Path reports = root.resolve("docs/reports");
        Path newest = newest(reports).orElseThrow(() -> new IllegalStateException("no report in " + reports));
        return block(Files.readString(newest, StandardCharsets.UTF_8),
                root.relativize(newest).toString().replace('\\', '/'));
    }

    private static String field(String report, String name) {
        String v = fieldOrNull(report, name);
        if (v == null) {
            throw new IllegalArgumentException("report has no '" + name + "' line");
        }
        return v;
    }

    private static String fieldOrNull(String report, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s{2,}(.+)$").matcher(report);
        return m.find() ? m.group(1).trim() : null;
    }

    private static String group(String report, String regex, int group) {
        Matcher m = Pattern.compile(regex).matcher(report);
        if (!m.find()) {
            throw new IllegalArgumentException("report does not match " + regex);
        }
        return m.group(group);
    }

    private static String thousands(String n) {
        return String.format(Locale.ROOT, "%,d", Long.parseLong(n));
    }

    /** {@code ReadmeFigure ROOT}: rewrites ROOT/README.md's block from the newest report in ROOT/docs/reports. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path readme = root.resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String next = rewrite(text, expected(root));
        if (!next.equals(text)) {
            Files.writeString(readme, next, StandardCharsets.UTF_8);
            System.out.println("README.md: reliability figure rewritten");
        } else {
            System.out.println("README.md: reliability figure already current");
        }
    }
}
