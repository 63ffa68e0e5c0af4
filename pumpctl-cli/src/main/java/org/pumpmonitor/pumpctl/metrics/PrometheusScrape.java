package org.pumpmonitor.pumpctl.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One read of a Prometheus endpoint (text format 0.0.4): its samples, with their labels. */
public final class PrometheusScrape {

    /** {@code name{label="value",...} 12.0} */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String label) {
            return labels.getOrDefault(label, "");
        }
    }

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** Reads an endpoint such as http://127.0.0.1:9250/metrics. */
    public static PrometheusScrape of(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space).strip();
            Map<String, String> labels = brace >= 0 && brace < space
                    ? labels(line.substring(brace + 1, line.lastIndexOf('}', space))) : Map.of();
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).strip());
            } catch (NumberFormatException e) {
                continue;
            }
            samples.add(new Sample(name, labels, value));
        }
        return new PrometheusScrape(samples);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf("=\"", i);
            if (eq < 0) {
                break;
            }
            String name = text.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return labels;
    }

    /** The samples of several endpoints as one scrape, e.g. those of every TaskManager. */
    public static PrometheusScrape merge(List<PrometheusScrape> scrapes) {
        List<Sample> samples = new ArrayList<>();
        scrapes.forEach(s -> samples.addAll(s.samples));
        return new PrometheusScrape(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The names of every metric, once each. */
    public java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of a metric over the samples that pass the filter (NaN where none does). */
    public double sum(String name, Predicate<Sample> filter) {
        double sum = 0;
        boolean any = false;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && filter.test(sample) && !Double.isNaN(sample.value())) {
                sum += sample.value();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }
}
