package org.pumpmonitor.pumpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pumpmonitor.core.process.ChildProcess;
import org.pumpmonitor.pumpctl.Cli.Result;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.local.LocalAddresses;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.pumpctl.local.StackFiles.deleteRecursively;
import static org.pumpmonitor.pumpctl.Cli.pumpctl;

/**
 * The Flink REST API of {@code pumpctl local up}, attacked as a web page would attack it: a page of
 * another origin opened in a real browser (headless Chromium) tries to upload and run a jar, to
 * submit a job graph, and to stop or cancel the running job; a request that a browser would send
 * after DNS rebinding (a foreign name resolved to 127.0.0.1) is tried over a socket. None may act.
 * pumpctl itself, and Flink's own web UI, keep working; the job pumpctl submits runs at the
 * cluster's default parallelism.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestApiGuardIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DIR = "pumpctl-cli/target/it-rest-guard";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final FlinkRest FLINK = new FlinkRest(LocalAddresses.FLINK_URL);

    private static String job;

    @BeforeAll
    static void up() throws Exception {
        System.setProperty("pumpctl.root", ROOT.toString());
        pumpctl("local", "down", "--dir", DIR);
        deleteRecursively(ROOT.resolve(DIR));
        Result up = pumpctl("local", "up", "--dir", DIR);
        assertThat(up.code()).as(up.err() + up.out()).isZero();
        Result setup = pumpctl("setup");
        assertThat(setup.code()).as(setup.err()).isZero();
        Result submit = pumpctl("submit");
        assertThat(submit.code()).as(submit.err()).isZero();
        job = submit.out().strip();
        FLINK.awaitTasksRunning(job, Duration.ofSeconds(120));
    }

    @AfterAll
    static void down() {
        Result down = pumpctl("local", "down", "--dir", DIR);
        assertThat(down.code()).as(down.err()).isZero();
    }

    /**
     * Without --parallelism, submit runs the job at the cluster's parallelism.default (2 in flink-conf/);
     * only the alarm rules' source has one subtask.
     */
    @Test
    @Order(1)
    void theJobRunsAtTheClustersDefaultParallelism() throws Exception {
        String configured = null;
        for (JsonNode entry : FLINK.get("/jobmanager/config")) {
            if (entry.path("key").asText().equals("parallelism.default")) {
                configured = entry.path("value").asText();
            }
        }
        assertThat(configured).isEqualTo("2");
        JsonNode vertices = FLINK.get("/jobs/" + job).path("vertices");
        assertThat(vertices).isNotEmpty();
        for (JsonNode vertex : vertices) {
            // The alarm rules' source reads a topic of one partition on one subtask, by design.
            int expected = vertex.path("name").asText().startsWith("Source: Kafka: alarm rules") ? 1 : 2;
            assertThat(vertex.path("parallelism").asInt()).as(vertex.path("name").asText()).isEqualTo(expected);
        }
    }

    /**
     * The attack as it happens: a page served from another loopback port, in headless Chromium. It
     * writes what it saw into its DOM; the cluster must show no new job, no uploaded jar and the
     * running job untouched.
     */
    @Test
    @Order(2)
    void aPageOfAnotherOriginCanNeitherSubmitNorRunNorStopAJob() throws Exception {
        String chromium = chromium();
        Path jar = ROOT.resolve("flink-job/target/flink-job.jar");
        List<String> jobsBefore = FLINK.jobs().stream().map(FlinkRest.Job::id).toList();
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/attack.html", exchange -> serve(exchange, "text/html",
                ATTACK_PAGE.getBytes(StandardCharsets.UTF_8)));
        attacker.createContext("/flink-job.jar", exchange -> serve(exchange, "application/java-archive",
                Files.readAllBytes(jar)));
        attacker.start();
        String dom;
        try {
            String page = "http://127.0.0.1:" + attacker.getAddress().getPort() + "/attack.html?job=" + job;
            dom = browse(chromium, page);
        } finally {
            attacker.stop(0);
        }
        System.out.println("the attacking page saw:\n" + dom);

        assertThat(dom).as("the page ran to its end").contains("attack over");
        assertThat(FLINK.jobs()).as("jobs on the cluster").extracting(FlinkRest.Job::id)
                .containsExactlyInAnyOrderElementsOf(jobsBefore);
        assertThat(FLINK.state(job)).isEqualTo("RUNNING");
        assertThat(FLINK.get("/jars").path("files")).as("uploaded jars").isEmpty();
        assertThat(uploads()).as("files the REST server took from the page").isEmpty();
        // The page got no answer it could read (a no-cors request gets an opaque one in any case), and
        // the server refused each request rather than act on it and hide the answer.
        assertThat(dom).contains("upload: no answer", "job graph: no answer", "stop: no answer",
                "savepoint and cancel: no answer", "cancel: no answer");
        String log = Files.readString(ROOT.resolve(DIR).resolve("flink-jobmanager.log"));
        assertThat(log.split("refused POST /jars/upload ", -1)).as("uploads refused").hasSize(2 + 1);
        for (String refused : List.of("POST /jobs ", "POST /jobs/" + job + "/stop ",
                "POST /jobs/" + job + "/savepoints ", "OPTIONS /jobs/" + job + "?mode=cancel ")) {
            assertThat(log).as("the guard's log").contains("refused " + refused);
        }
    }

    /** After DNS rebinding the page is same-origin for the browser; only the Host header tells. */
    @Test
    @Order(3)
    void aRequestForAForeignHostNameIsRefused() throws Exception {
        String rebound = raw("GET /jobs/overview HTTP/1.1\r\nHost: rebind.example:8081\r\n"
                + "Origin: http://rebind.example:8081\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n");
        assertThat(rebound).startsWith("HTTP/1.1 403 ").contains("rebind.example").doesNotContain("\"jobs\"");
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"x.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\nPK\r\n--b--\r\n";
        String upload = raw("POST /jars/upload HTTP/1.1\r\nHost: rebind.example:8081\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + multipart.length()
                + "\r\nConnection: close\r\n\r\n" + multipart);
        assertThat(upload).startsWith("HTTP/1.1 403 ");
        assertThat(FLINK.get("/jars").path("files")).isEmpty();
        assertThat(uploads()).isEmpty();
        // The names the cluster has, and IP addresses, are served.
        assertThat(raw("GET /jobs/overview HTTP/1.1\r\nHost: localhost:8081\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(raw("GET /jobs/overview HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    /** No answer invites every origin to read it: the header Flink sends by default is gone. */
    @Test
    @Order(4)
    void noAnswerAllowsEveryOriginToReadIt() throws Exception {
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(LocalAddresses.FLINK_URL + "/jobs"))
                .header("Origin", "https://elsewhere.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.headers().allValues("Access-Control-Allow-Origin")).doesNotContain("*");
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create(LocalAddresses.FLINK_URL + "/jobs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().allValues("Access-Control-Allow-Origin")).containsExactly("http://localhost:8081");
    }

    /** Flink's web UI, a page of the REST server's own origin, still shows the running job and uploads jars. */
    @Test
    @Order(5)
    void flinksOwnWebUiKeepsWorking() throws Exception {
        String ui = browse(chromium(), LocalAddresses.FLINK_URL + "/#/job/running-jobs");
        assertThat(ui).as("the running jobs, as the web UI lists them").contains("pump-monitor", "RUNNING");
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"ui.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\nPK\r\n--b--\r\n";
        String upload = raw("POST /jars/upload HTTP/1.1\r\nHost: localhost:8081\r\nOrigin: http://localhost:8081\r\n"
                + "Sec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: "
                + multipart.length() + "\r\nConnection: close\r\n\r\n" + multipart);
        assertThat(upload).startsWith("HTTP/1.1 200 ").contains("ui.jar");
        JsonNode files = FLINK.get("/jars").path("files");
        assertThat(files).hasSize(1);
        FLINK.deleteJar(files.get(0).path("id").asText());
    }

    /** What an operator does with pumpctl: a savepoint, then a stop with a savepoint. */
    @Test
    @Order(6)
    void pumpctlStillTakesASavepointAndStopsTheJob() throws Exception {
        Result savepoint = pumpctl("savepoint");
        assertThat(savepoint.code()).as(savepoint.err()).isZero();
        assertThat(savepoint.out()).contains("savepoint-");
        Result stop = pumpctl("stop");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("savepoint-");
        assertThat(FLINK.state(job)).isEqualTo("FINISHED");
    }

    /**
     * Upload + run (the answer read through Flink's default {@code Access-Control-Allow-Origin: *}),
     * the same upload blind (no-cors: the answer is hidden, the server acts anyway), a job graph
     * posted to /jobs, and a stop, a savepoint with cancel and a cancel of the running job.
     */
    private static final String ATTACK_PAGE = """
            <!doctype html>
            <html><body><pre id="log"></pre><script>
            const flink = 'http://localhost:8081';
            const job = new URLSearchParams(location.search).get('job');
            const log = line => { document.getElementById('log').textContent += line + '\\n'; };
            async function attempt(name, send) {
              try {
                const response = await send();
                const text = response.type === 'opaque' ? '(opaque)' : await response.text();
                log(name + ': answered ' + response.status + ' ' + text.slice(0, 200));
                return {status: response.status, text};
              } catch (e) {
                log(name + ': no answer (' + e + ')');
                return null;
              }
            }
            (async () => {
              const jar = await (await fetch('/flink-job.jar')).blob();
              const form = () => { const f = new FormData(); f.append('jarfile', jar, 'flink-job.jar'); return f; };
              const upload = await attempt('upload', () => fetch(flink + '/jars/upload', {method: 'POST', body: form()}));
              if (upload && upload.status === 200) {
                const id = JSON.parse(upload.text).filename.split('/').pop();
                await attempt('run', () => fetch(flink + '/jars/' + id + '/run', {method: 'POST'}));
              }
              await attempt('blind upload', () => fetch(flink + '/jars/upload', {method: 'POST', mode: 'no-cors', body: form()}));
              const graph = new FormData();
              graph.append('request', JSON.stringify({jobGraphFileName: 'graph.bin', jobJarFileNames: ['flink-job.jar']}));
              graph.append('file_0', new Blob(['not a job graph']), 'graph.bin');
              graph.append('file_1', jar, 'flink-job.jar');
              await attempt('job graph', () => fetch(flink + '/jobs', {method: 'POST', body: graph}));
              await attempt('stop', () => fetch(flink + '/jobs/' + job + '/stop', {method: 'POST', body: '{"drain":false}'}));
              await attempt('savepoint and cancel', () => fetch(flink + '/jobs/' + job + '/savepoints',
                  {method: 'POST', body: '{"cancel-job":true}'}));
              await attempt('cancel', () => fetch(flink + '/jobs/' + job + '?mode=cancel', {method: 'PATCH'}));
              log('attack over');
            })();
            </script></body></html>
            """;

    private static void serve(com.sun.net.httpserver.HttpExchange exchange, String type, byte[] body)
            throws java.io.IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The page's DOM once its scripts have run (virtual time: timers fire, network requests are awaited). */
    private static String browse(String chromium, String page) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile-");
        try {
            ChildProcess.Result result = ChildProcess.run(new ProcessBuilder(chromium, "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=30000", "--dump-dom", page)
                    .redirectError(ProcessBuilder.Redirect.DISCARD), Duration.ofSeconds(120));
            assertThat(result.exitCode()).as(result.output()).isZero();
            return result.output();
        } finally {
            deleteRecursively(profile);
        }
    }

    /** Debian's chromium; a test that needs it is skipped, and says so, where there is none. */
    private static String chromium() {
        String chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
                .filter(c -> Files.isExecutable(Path.of(c))).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no chromium on this machine (.ci/run installs Debian's)");
        return chromium;
    }

    /** An HTTP request as written, over a socket of its own (no client adds or checks a header). */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", 8081)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Files under the REST server's upload directories (web.tmpdir of the local stack). */
    private static List<Path> uploads() throws Exception {
        List<Path> uploads = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve(DIR).resolve("flink/web"))) {
            files.filter(Files::isRegularFile).filter(f -> f.toString().contains("upload")).forEach(uploads::add);
        }
        return uploads;
    }
}
