package org.pumpmonitor.restguard;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which requests the REST API serves. Flink's REST API has no authentication, and a browser sends
 * requests for any page it shows; a page of another origin must not reach the API, whatever it
 * sends. Three things in a request tell:
 *
 * <ul>
 *   <li>{@code Host}: the name the client used. After DNS rebinding (a foreign name that resolved to
 *       the attacker's server when the page loaded, and resolves to this machine now) the browser
 *       counts the page as same-origin and sends every request; only the name gives it away. Served
 *       are {@code localhost}, the cluster's own {@code rest.address} and
 *       {@code jobmanager.rpc.address}, the names in {@link #ALLOWED_HOSTS}, and IP addresses (no DNS
 *       answer is involved in those).
 *   <li>{@code Origin}: a browser sends it with every request but a plain GET or HEAD of its own
 *       origin; it must be the origin of the API itself (Flink's web UI, served here).
 *   <li>{@code Sec-Fetch-Site}: a browser marks every request, a GET included, for a page of another
 *       site ({@code cross-site}, or {@code same-site}, e.g. another port of localhost). Only a
 *       navigation to the web UI's start page is served then (a link to the web UI).
 * </ul>
 *
 * A request without these headers comes from a program, not a browser (curl, pumpctl, {@code flink
 * run}): it is served. So is every process on the machine that can reach the port.
 */
final class RequestPolicy {

    /** Further names under which clients reach the REST API (a host name, without port). */
    static final ConfigOption<List<String>> ALLOWED_HOSTS = ConfigOptions.key("pump-monitor.rest.allowed-hosts")
            .stringType()
            .asList()
            .defaultValues()
            .withDescription("Host names, besides localhost, rest.address and jobmanager.rpc.address, under "
                    + "which the REST API serves requests; IP addresses are always served.");

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%25[0-9a-z]+)?]");

    /** A request as the guard sees it; a header that is absent is null. */
    record Request(String method, String uri, String host, String origin, String fetchSite, String fetchMode) {}

    private final Set<String> hostNames = new TreeSet<>();

    RequestPolicy(Configuration configuration) {
        List<String> names = new java.util.ArrayList<>(List.of("localhost"));
        configuration.getOptional(RestOptions.ADDRESS).ifPresent(names::add);
        configuration.getOptional(JobManagerOptions.ADDRESS).ifPresent(names::add);
        names.addAll(configuration.get(ALLOWED_HOSTS));
        names.forEach(name -> hostNames.add(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** The names served besides IP addresses. */
    Set<String> hostNames() {
        return hostNames;
    }

    /** Why the request is refused; empty when it is served. */
    Optional<String> refusal(Request request) {
        Authority host = null;
        if (request.host() != null) {
            host = Authority.parse(request.host(), null);
            if (host == null || !(hostNames.contains(host.name()) || isIpAddress(host.name()))) {
                return Optional.of("the request names host '" + request.host() + "', which is not a name of this "
                        + "cluster (a page whose host name resolves to this machine, as after DNS rebinding, is "
                        + "refused); to use this name, add it to " + ALLOWED_HOSTS.key());
            }
        }
        if (request.origin() != null && !sameOrigin(request.origin(), request.host())) {
            return Optional.of("a page of origin '" + request.origin() + "' may not use this REST API; only "
                    + "Flink's web UI, served from here, and programs that are not browsers may");
        }
        String site = request.fetchSite() == null ? "" : request.fetchSite().toLowerCase(Locale.ROOT);
        if ((site.equals("cross-site") || site.equals("same-site")) && !navigationToTheStartPage(request)) {
            return Optional.of("the browser sent this request for a page of another site (Sec-Fetch-Site: "
                    + request.fetchSite() + "); only Flink's web UI, served from here, may use this REST API");
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Integer defaultPort = scheme.equals("http") ? Integer.valueOf(80) : scheme.equals("https") ? Integer.valueOf(443) : null;
        if (defaultPort == null || uri.getRawAuthority() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false;
        }
        Authority page = Authority.parse(uri.getRawAuthority(), defaultPort);
        Authority api = Authority.parse(hostHeader, defaultPort);
        return page != null && page.equals(api);
    }

    private static boolean navigationToTheStartPage(Request request) {
        return "navigate".equalsIgnoreCase(request.fetchMode()) && "GET".equals(request.method())
                && (request.uri().equals("/") || request.uri().startsWith("/?") || request.uri().equals("/index.html"));
    }

    private static boolean isIpAddress(String name) {
        return IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
    }

    /** A host name (lower case; an IPv6 address in brackets) and a port, as in a Host header. */
    private record Authority(String name, Integer port) {

        /** Null when malformed; the port is the default port when none is given (may be null). */
        static Authority parse(String text, Integer defaultPort) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty() || value.contains("@") || value.contains("/")) {
                return null;
            }
            int colon = value.lastIndexOf(':');
            String name = value;
            Integer port = defaultPort;
            if (colon >= 0 && !value.endsWith("]")) {
                name = value.substring(0, colon);
                try {
                    port = Integer.parseInt(value.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (name.isEmpty() || name.startsWith("[") != name.endsWith("]") || !name.startsWith("[") && name.contains(":")) {
                return null;
            }
            return new Authority(name, port);
        }
    }
}
