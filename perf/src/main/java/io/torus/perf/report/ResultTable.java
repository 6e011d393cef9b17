package io.torus.perf.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain-text comparison table printed at the end of a run and saved as table.txt. */
public final class ResultTable {
    private ResultTable() {
    }

    public static String render(Comparison c, long idleRssA, long idleRssB) {
        boolean two = c.b() != null;
        List<String[]> lines = new ArrayList<>();
        if (two) {
            lines.add(new String[] {"scenario", "metric", c.a() + " median", c.b() + " median",
                    c.a() + "/" + c.b(), c.a() + " is", c.a() + " spread", c.b() + " spread",
                    c.a() + " RSS MB", c.b() + " RSS MB"});
        } else {
            lines.add(new String[] {"scenario", "metric", c.a() + " median", c.a() + " spread", c.a() + " RSS MB",
                    "status"});
        }
        String last = "";
        for (Comparison.Row r : c.rows(true)) {
            String name = r.scenario().equals(last) ? "" : r.scenario();
            last = r.scenario();
            String metric = r.metric().name() + (r.metric().unit().equals("us") ? " us" : "");
            metric = metric.equals("server CPU ms") ? "CPU ms" : metric;
            if (two) {
                lines.add(new String[] {name, metric, value(r.medianA(), r.statusA()), value(r.medianB(), r.statusB()),
                        Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()), r.verdict(),
                        percent(r.spreadA()), percent(r.spreadB()), mb(r.rssA()), mb(r.rssB())});
            } else {
                lines.add(new String[] {name, metric, value(r.medianA(), r.statusA()), percent(r.spreadA()),
                        mb(r.rssA()), r.statusA()});
            }
        }
        if (two) {
            lines.add(new String[] {"(idle)", "RSS", "", "", "", "", "", "", mb(idleRssA), mb(idleRssB)});
        } else {
            lines.add(new String[] {"(idle)", "RSS", "", "", mb(idleRssA), ""});
        }
        int[] w = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String[] l = lines.get(n);
            for (int i = 0; i < l.length; i++) {
                String cell = i < 2 ? pad(l[i], w[i]) : padLeft(l[i], w[i]);
                sb.append(cell).append(i + 1 < l.length ? "  " : "");
            }
            sb.append('\n');
            if (n == 0) {
                int total = 0;
                for (int x : w) {
                    total += x + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        return sb.toString();
    }

    static String value(double v, String status) {
        if (Double.isNaN(v)) {
            return status.equals("ok") ? "-" : status;
        }
        String s = format(v);
        return status.equals("FAILED") ? s + " (FAILED)" : s;
    }

    public static String format(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String percent(double spread) {
        return Double.isNaN(spread) ? "-" : String.format(Locale.ROOT, "%.0f%%", spread * 100);
    }

    static String mb(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }
}
