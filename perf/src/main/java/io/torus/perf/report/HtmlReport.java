package io.torus.perf.report;

import io.torus.perf.load.Metric;
import io.torus.perf.load.RunRecord;
import io.torus.perf.load.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A single self-contained HTML page (inline SVG and CSS, no scripts, no network) showing where A is ahead and
 * where it is behind: the comparison table with the verdict coloured, throughput bars per scenario with every
 * round as a dot (so the noise is visible), latency percentile curves on the usual HdrHistogram log-scale
 * percentile axis, memory, and the raw histograms.
 */
public final class HtmlReport {
    private static final String COLOR_A = "#1f77b4";
    private static final String COLOR_B = "#ff7f0e";

    private HtmlReport() {
    }

    /**
     * @param histograms merged latency histograms keyed by scenario, then server label (ns)
     * @param hgrmFiles  relative links to the .hgrm files, same keys
     */
    public static String render(Comparison c, Map<String, String> environment, long idleRssA, long idleRssB,
                                Map<String, Map<String, Histogram>> histograms,
                                Map<String, Map<String, String>> hgrmFiles) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Torus benchmark: ")
                .append(esc(c.a())).append(c.b() == null ? "" : " vs " + esc(c.b())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;font-size:13px}.env td{word-break:break-all}td,th{border:1px solid #ccc;padding:3px 8px}")
                .append("td:first-child{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}")
                .append(".ahead{background:#d4f5d4}.behind{background:#f8d0d0}.even{background:#f4f4f4}")
                .append(".FAILED{background:#ff9999;font-weight:bold}pre{font-size:12px;background:#fafafa;padding:8px}")
                .append(".key{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}")
                .append("svg text{font-size:11px;font-family:system-ui,sans-serif}</style></head><body>\n");
        h.append("<h1>").append(esc(c.a())).append(c.b() == null ? "" : " vs " + esc(c.b())).append("</h1>\n");
        h.append("<p>Medians over interleaved rounds (").append(esc(c.a()))
                .append(c.b() == null ? "" : " and " + esc(c.b()) + " alternately")
                .append("). Ratio = ").append(esc(c.a())).append(" / ").append(c.b() == null ? "-" : esc(c.b()))
                .append("; the verdict accounts for whether higher or lower is better and calls differences ")
                .append("within the spread of either side (at least 5 %) or where the rounds overlap \"even\".")
                .append("<span class=\"key\" style=\"background:").append(COLOR_A).append("\"></span>")
                .append(esc(c.a()));
        if (c.b() != null) {
            h.append("<span class=\"key\" style=\"background:").append(COLOR_B).append("\"></span>").append(esc(c.b()));
        }
        h.append("</p>\n");

        atAGlance(h, c);
        h.append("<h2>Environment</h2>\n<table class=\"env\">");
        environment.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>"));
        h.append("</table>\n");

        summary(h, c, idleRssA, idleRssB);
        throughputBars(h, c);
        latencyVersusLoad(h, c);
        latencyCurves(h, c, histograms);
        runs(h, c);
        raw(h, histograms, hgrmFiles);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The first thing on the page: which headline numbers are ahead, behind, failed or unavailable. */
    private static void atAGlance(StringBuilder h, Comparison c) {
        List<String> ahead = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        int even = 0;
        for (Comparison.Row r : c.rows(true)) {
            String what = r.scenario() + (r.metric().name().equals("msg/s") || r.metric().name().equals("-") ? ""
                    : " " + r.metric().name()) + (Double.isNaN(r.ratio()) ? ""
                    : String.format(Locale.ROOT, " (x%.2f)", r.ratio()));
            if (r.statusA().equals("FAILED") || "FAILED".equals(r.statusB())) {
                if (!failed.contains(r.scenario())) {
                    failed.add(r.scenario());
                }
            } else if (r.statusA().equals("n/a") || "n/a".equals(r.statusB())) {
                if (!unavailable.contains(r.scenario())) {
                    unavailable.add(r.scenario());
                }
            } else if (r.verdict().equals("ahead")) {
                ahead.add(what);
            } else if (r.verdict().equals("behind")) {
                behind.add(what);
            } else {
                even++;
            }
        }
        h.append("<h2>At a glance</h2>\n<ul>");
        if (c.b() != null) {
            h.append("<li class=\"ahead\"><b>").append(esc(c.a())).append(" ahead</b> (").append(ahead.size())
                    .append("): ").append(esc(String.join(", ", ahead))).append("</li>");
            h.append("<li class=\"behind\"><b>").append(esc(c.a())).append(" behind</b> (").append(behind.size())
                    .append("): ").append(esc(String.join(", ", behind))).append("</li>");
            h.append("<li>even within the noise: ").append(even).append(" headline numbers</li>");
        }
        if (!failed.isEmpty()) {
            h.append("<li class=\"FAILED\">FAILED (verification or server): ").append(esc(String.join(", ", failed)))
                    .append("</li>");
        }
        if (!unavailable.isEmpty()) {
            h.append("<li>not available (e.g. no JetStream): ").append(esc(String.join(", ", unavailable)))
                    .append("</li>");
        }
        h.append("</ul>\n");
    }

    private static void summary(StringBuilder h, Comparison c, long idleRssA, long idleRssB) {
        boolean two = c.b() != null;
        h.append("<h2>Summary</h2>\n<table><tr><th>scenario</th><th>metric</th><th>").append(esc(c.a()))
                .append(" median</th>");
        if (two) {
            h.append("<th>").append(esc(c.b())).append(" median</th><th>ratio</th><th>").append(esc(c.a()))
                    .append(" is</th>");
        }
        h.append("<th>").append(esc(c.a())).append(" spread</th>");
        if (two) {
            h.append("<th>").append(esc(c.b())).append(" spread</th>");
        }
        h.append("<th>").append(esc(c.a())).append(" RSS MB</th>");
        if (two) {
            h.append("<th>").append(esc(c.b())).append(" RSS MB</th>");
        }
        h.append("</tr>\n");
        for (Comparison.Row r : c.rows(true)) {
            String unit = r.metric().unit().equals("us") ? " (us)" : "";
            h.append("<tr><td>").append(esc(r.scenario())).append("</td><td>").append(esc(r.metric().name() + unit))
                    .append("</td>").append(cell(r.medianA(), r.statusA()));
            if (two) {
                String v = r.verdict();
                h.append(cell(r.medianB(), r.statusB())).append("<td class=\"n ").append(v).append("\">")
                        .append(Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()))
                        .append("</td><td class=\"").append(v).append("\">").append(v).append("</td>");
            }
            h.append("<td class=\"n\">").append(ResultTable.percent(r.spreadA())).append("</td>");
            if (two) {
                h.append("<td class=\"n\">").append(ResultTable.percent(r.spreadB())).append("</td>");
            }
            h.append("<td class=\"n\">").append(ResultTable.mb(r.rssA())).append("</td>");
            if (two) {
                h.append("<td class=\"n\">").append(ResultTable.mb(r.rssB())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("<tr><td>(idle)</td><td>RSS</td><td colspan=\"").append(two ? 6 : 2).append("\"></td><td class=\"n\">")
                .append(ResultTable.mb(idleRssA)).append("</td>");
        if (two) {
            h.append("<td class=\"n\">").append(ResultTable.mb(idleRssB)).append("</td>");
        }
        h.append("</tr></table>\n");
    }

    private static String cell(double v, String status) {
        String cls = status.equals("FAILED") ? "n FAILED" : "n";
        return "<td class=\"" + cls + "\">" + esc(ResultTable.value(v, status)) + "</td>";
    }

    /** Two bars per scenario, each scenario scaled to its own maximum (sizes differ by orders of magnitude). */
    private static void throughputBars(StringBuilder h, Comparison c) {
        List<Comparison.Row> rows = new ArrayList<>();
        for (Comparison.Row r : c.rows(false)) {
            if (r.metric().higherIsBetter() && !r.metric().name().equals("MB/s")
                    && !r.metric().name().equals("published msg/s") && !Double.isNaN(r.metric().value())) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        int labelW = 260;
        int barW = 560;
        int rowH = c.b() == null ? 22 : 40;
        int height = rows.size() * (rowH + 8) + 30;
        h.append("<h2>Throughput</h2>\n<p>Bar = median, dots = individual rounds; each scenario scaled to its own ")
                .append("largest value, the number is the median.</p>\n");
        h.append("<svg width=\"").append(labelW + barW + 220).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        int y = 10;
        for (Comparison.Row r : rows) {
            double max = 0;
            for (double v : r.valuesA()) {
                max = Math.max(max, v);
            }
            for (double v : r.valuesB()) {
                max = Math.max(max, v);
            }
            if (max <= 0) {
                max = 1;
            }
            String label = r.scenario() + " " + r.metric().name();
            h.append("<text x=\"0\" y=\"").append(y + rowH / 2 + 4).append("\">").append(esc(label)).append("</text>\n");
            int barH = c.b() == null ? rowH : rowH / 2 - 2;
            bar(h, labelW, y, barW, barH, r.medianA(), r.valuesA(), max, COLOR_A, r.statusA());
            if (c.b() != null) {
                bar(h, labelW, y + barH + 4, barW, barH, r.medianB(), r.valuesB(), max, COLOR_B, r.statusB());
                if (!Double.isNaN(r.ratio())) {
                    String v = r.verdict();
                    String color = v.equals("ahead") ? "#138a13" : v.equals("behind") ? "#c0392b" : "#666";
                    h.append("<text x=\"").append(labelW + barW + 120).append("\" y=\"").append(y + rowH / 2 + 4)
                            .append("\" fill=\"").append(color).append("\">")
                            .append(String.format(Locale.ROOT, "x%.2f %s", r.ratio(), v)).append("</text>\n");
                }
            }
            y += rowH + 8;
        }
        h.append("</svg>\n");
    }

    private static void bar(StringBuilder h, int x, int y, int w, int barH, double median, List<Double> values,
                            double max, String color, String status) {
        if (Double.isNaN(median)) {
            h.append("<text x=\"").append(x + 4).append("\" y=\"").append(y + barH - 3).append("\">")
                    .append(esc(status)).append("</text>\n");
            return;
        }
        int len = (int) Math.round(w * median / max);
        h.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(len)
                .append("\" height=\"").append(barH).append("\" fill=\"").append(color).append("\" opacity=\"0.8\"/>\n");
        for (double v : values) {
            int vx = x + (int) Math.round(w * v / max);
            h.append("<circle cx=\"").append(vx).append("\" cy=\"").append(y + barH / 2).append("\" r=\"3\" fill=\"#000\"/>\n");
        }
        h.append("<text x=\"").append(x + w + 6).append("\" y=\"").append(y + barH - 3).append("\">")
                .append(esc(ResultTable.format(median))).append(status.equals("FAILED") ? " FAILED" : "")
                .append("</text>\n");
    }

    private static final java.util.regex.Pattern RATE = java.util.regex.Pattern.compile("-(\\d+)/s");

    /**
     * For fixed-rate scenarios run at several rates: median p50 and p99 against offered load, both axes log.
     * This is where a server's knee shows: the rate at which its tail leaves the floor.
     */
    private static void latencyVersusLoad(StringBuilder h, Comparison c) {
        Map<String, java.util.TreeMap<Long, List<Comparison.Row>>> families = new java.util.LinkedHashMap<>();
        for (Comparison.Row r : c.rows(false)) {
            java.util.regex.Matcher m = RATE.matcher(r.scenario());
            if (!r.latencyScenario() || !m.find()) {
                continue;
            }
            String family = r.scenario().substring(0, m.start()) + "-*/s" + r.scenario().substring(m.end());
            families.computeIfAbsent(family, k -> new java.util.TreeMap<>())
                    .computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>()).add(r);
        }
        families.values().removeIf(f -> f.size() < 2);
        if (families.isEmpty()) {
            return;
        }
        h.append("<h2>Latency versus offered load</h2>\n<p>Medians over the rounds; thin line p50, thick line p99. ")
                .append("Both axes log scale.</p>\n");
        for (Map.Entry<String, java.util.TreeMap<Long, List<Comparison.Row>>> f : families.entrySet()) {
            h.append("<h3>").append(esc(f.getKey())).append("</h3>\n");
            loadPlot(h, c, f.getValue());
        }
    }

    private static void loadPlot(StringBuilder h, Comparison c, java.util.TreeMap<Long, List<Comparison.Row>> byRate) {
        int w = 760;
        int ht = 300;
        int left = 70;
        int top = 15;
        double pw = w - left - 45;
        double ph = ht - top - 40;
        double minV = Double.MAX_VALUE;
        double maxV = 0;
        for (List<Comparison.Row> rows : byRate.values()) {
            for (Comparison.Row r : rows) {
                for (double v : new double[] {r.medianA(), r.medianB()}) {
                    if (!Double.isNaN(v) && v > 0 && r.metric().unit().equals("us")) {
                        minV = Math.min(minV, v);
                        maxV = Math.max(maxV, v);
                    }
                }
            }
        }
        if (maxV == 0) {
            return;
        }
        double xMin = Math.log10(byRate.firstKey());
        double xMax = Math.log10(byRate.lastKey());
        double yMin = Math.pow(10, Math.floor(Math.log10(minV)));
        double yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(maxV, yMin * 10))));
        h.append("<svg width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", left, top, pw, ph));
        for (long rate : byRate.keySet()) {
            double x = left + pw * (Math.log10(rate) - xMin) / (xMax - xMin);
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s/s</text>%n", x, top, x, top + ph, x,
                    top + ph + 15, ResultTable.format(rate)));
        }
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">offered load</text>%n",
                left + pw / 2, ht - 5));
        for (double v = yMin; v <= yMax * 1.0001; v *= 10) {
            double y = top + ph - ph * Math.log10(v / yMin) / Math.log10(yMax / yMin);
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s us</text>%n", left, y, left + pw, y, left - 4,
                    y + 4, ResultTable.format(v)));
        }
        for (String metric : new String[] {"p50", "p99"}) {
            for (boolean sideA : new boolean[] {true, false}) {
                if (!sideA && c.b() == null) {
                    continue;
                }
                StringBuilder pts = new StringBuilder();
                for (Map.Entry<Long, List<Comparison.Row>> e : byRate.entrySet()) {
                    for (Comparison.Row r : e.getValue()) {
                        double v = sideA ? r.medianA() : r.medianB();
                        if (r.metric().name().equals(metric) && !Double.isNaN(v) && v > 0) {
                            double x = left + pw * (Math.log10(e.getKey()) - xMin) / (xMax - xMin);
                            double y = top + ph - ph * Math.log10(v / yMin) / Math.log10(yMax / yMin);
                            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                        }
                    }
                }
                h.append("<polyline fill=\"none\" stroke=\"").append(sideA ? COLOR_A : COLOR_B)
                        .append("\" stroke-width=\"").append(metric.equals("p50") ? 1 : 3).append("\" points=\"")
                        .append(pts).append("\"/>\n");
            }
        }
        h.append("</svg>\n");
    }

    /** Percentile on a log axis: x = log10(1 / (1 - p)), so 90%, 99%, 99.9% ... are evenly spaced. */
    private static void latencyCurves(StringBuilder h, Comparison c, Map<String, Map<String, Histogram>> histograms) {
        if (histograms.isEmpty()) {
            return;
        }
        h.append("<h2>Latency percentiles</h2>\n<p>All measured rounds merged per server. Horizontal axis: ")
                .append("percentile on a log scale; vertical axis: latency in microseconds, log scale.</p>\n");
        for (Map.Entry<String, Map<String, Histogram>> e : histograms.entrySet()) {
            h.append("<h3>").append(esc(e.getKey())).append("</h3>\n");
            plot(h, c, e.getValue());
        }
    }

    private static void plot(StringBuilder h, Comparison c, Map<String, Histogram> byServer) {
        int w = 760;
        int ht = 340;
        int left = 70;
        int right = 20;
        int top = 15;
        int bottom = 40;
        long maxCount = 0;
        double minV = Double.MAX_VALUE;
        double maxV = 0;
        for (Histogram hist : byServer.values()) {
            if (hist.getTotalCount() == 0) {
                continue;
            }
            maxCount = Math.max(maxCount, hist.getTotalCount());
            minV = Math.min(minV, Math.max(1, hist.getMinValue()) / 1000.0);
            maxV = Math.max(maxV, hist.getMaxValue() / 1000.0);
        }
        if (maxCount == 0) {
            h.append("<p>(no data)</p>\n");
            return;
        }
        double xMax = Math.max(2, Math.min(6, Math.ceil(Math.log10(maxCount))));
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.1, minV))));
        double yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(maxV, yMin * 10))));
        double pw = w - left - right;
        double ph = ht - top - bottom;
        h.append("<svg width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        h.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append((int) pw)
                .append("\" height=\"").append((int) ph).append("\" fill=\"none\" stroke=\"#999\"/>\n");
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        for (int i = 0; i <= xMax; i++) {
            double x = left + pw * i / xMax;
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x, top, x, top + ph, x,
                    top + ph + 15, xLabels[i]));
        }
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                left + pw / 2, ht - 5));
        for (double v = yMin; v <= yMax * 1.0001; v *= 10) {
            double y = top + ph - ph * Math.log10(v / yMin) / Math.log10(yMax / yMin);
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s us</text>%n", left, y, left + pw, y, left - 4,
                    y + 4, ResultTable.format(v)));
        }
        int k = 0;
        for (Map.Entry<String, Histogram> e : byServer.entrySet()) {
            String color = e.getKey().equals(c.a()) ? COLOR_A : COLOR_B;
            Histogram hist = e.getValue();
            if (hist.getTotalCount() == 0) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (HistogramIterationValue v : hist.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                double xl = p >= 1 ? xMax : Math.min(xMax, Math.log10(1 / (1 - p)));
                double lat = Math.max(yMin, hist.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0);
                double x = left + pw * xl / xMax;
                double y = top + ph - ph * Math.log10(lat / yMin) / Math.log10(yMax / yMin);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            h.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(pts).append("\"/>\n");
            h.append("<text x=\"").append(left + 10).append("\" y=\"").append(top + 15 + 14 * k).append("\" fill=\"")
                    .append(color).append("\">").append(esc(e.getKey())).append(String.format(Locale.ROOT,
                            ": p50 %s us, p99 %s us, p99.9 %s us, max %s us (%d samples)",
                            ResultTable.format(hist.getValueAtPercentile(50) / 1000.0),
                            ResultTable.format(hist.getValueAtPercentile(99) / 1000.0),
                            ResultTable.format(hist.getValueAtPercentile(99.9) / 1000.0),
                            ResultTable.format(hist.getMaxValue() / 1000.0), hist.getTotalCount())).append("</text>\n");
            k++;
        }
        h.append("</svg>\n");
    }

    private static void runs(StringBuilder h, Comparison c) {
        h.append("<h2>All runs</h2>\n<table><tr><th>scenario</th><th>server</th><th>round</th><th>status</th>")
                .append("<th>headline</th><th>RSS after MB</th><th>notes</th></tr>\n");
        for (RunRecord r : c.records()) {
            ScenarioResult res = r.result();
            String headline = "";
            if (!res.metrics().isEmpty()) {
                Metric m = res.metrics().get(0);
                headline = ResultTable.format(m.value()) + " " + m.unit() + " (" + m.name() + ")";
            }
            h.append("<tr><td>").append(esc(r.scenario())).append("</td><td>").append(esc(r.server()))
                    .append("</td><td class=\"n\">").append(r.round()).append("</td><td class=\"")
                    .append(res.status() == ScenarioResult.Status.FAILED ? "FAILED" : "").append("\">")
                    .append(res.status()).append("</td><td class=\"n\">").append(esc(headline))
                    .append("</td><td class=\"n\">").append(ResultTable.mb(r.rssAfterBytes())).append("</td><td>")
                    .append(esc(String.join("; ", res.problems()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void raw(StringBuilder h, Map<String, Map<String, Histogram>> histograms,
                            Map<String, Map<String, String>> hgrmFiles) {
        if (histograms.isEmpty()) {
            return;
        }
        h.append("<h2>Raw histograms</h2>\n<p>HdrHistogram percentile distributions in microseconds ")
                .append("(the .hgrm files load into HdrHistogram's plotter).</p>\n");
        for (Map.Entry<String, Map<String, Histogram>> e : histograms.entrySet()) {
            for (Map.Entry<String, Histogram> s : e.getValue().entrySet()) {
                String file = hgrmFiles.getOrDefault(e.getKey(), Map.of()).get(s.getKey());
                h.append("<details><summary>").append(esc(e.getKey() + " - " + s.getKey())).append("</summary>");
                if (file != null) {
                    h.append("<p><a href=\"").append(esc(file)).append("\">").append(esc(file)).append("</a></p>");
                }
                h.append("<pre>").append(esc(HistogramText.percentiles(s.getValue()))).append("</pre></details>\n");
            }
        }
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
