package org.pumpmonitor.restguard;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard in a real Flink REST server (a MiniCluster's, which loads the factory from this
 * module's META-INF/services as a JobManager loads it from its classpath), spoken to over raw
 * sockets: a client that sets every header itself.
 */
class RestGuardTest {

    @TempDir
    static Path web;
    private static MiniCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Configuration config = new Configuration()
                .set(RestOptions.ADDRESS, "localhost")
                .set(RestOptions.BIND_ADDRESS, "localhost")
                .set(RestOptions.BIND_PORT, "0")
                .set(WebOptions.TMP_DIR, web.toString());
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(config)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
        cluster.start();
        port = cluster.getRestAddress().get().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aForeignHostNameIsRefusedWithAReasonAndTheConnectionClosed() throws Exception {
        String answer = exchange("GET /overview HTTP/1.1\r\nHost: rebind.example:" + port + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403 Forbidden\r\n")
                .containsIgnoringCase("connection: close")
                .containsIgnoringCase("content-type: application/json")
                .doesNotContainIgnoringCase("access-control-allow-origin")
                .contains("{\"errors\":[\"Refused by pump-monitor's REST guard: the request names host 'rebind.example:"
                        + port + "'");
    }

    @Test
    void programsAndTheApisOwnPagesAreServed() throws Exception {
        assertThat(exchange("GET /overview HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK").contains("\"flink-version\"");
        assertThat(exchange("GET /overview HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
        assertThat(exchange("GET /overview HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://localhost:" + port
                + "\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
        // A multipart job submission from a program reaches Flink's own handler (which rejects the bytes).
        assertThat(exchange(multipartJobSubmission("", 1000))).startsWith("HTTP/1.1 400 ")
                .contains("JobSubmitHandler");
    }

    /**
     * The guard sits in front of Flink's upload handler: a refused upload is answered before its
     * body has arrived, and nothing of it is written (Flink would create the request's upload
     * directory as soon as the headers arrive).
     */
    @Test
    void aRefusedUploadIsAnsweredBeforeItsBodyAndNothingOfItIsWritten() throws Exception {
        String request = multipartJobSubmission("Origin: http://127.0.0.1:9999\r\nSec-Fetch-Site: cross-site\r\n",
                50_000_000);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[256 * 1024]);
            out.flush();
            String status;
            try {
                status = readLine(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer while the upload's body was still coming", e);
            }
            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(uploadDirectories()).as("what Flink's upload handler created").isEmpty();
        }
        assertThat(uploadDirectories()).isEmpty();
    }

    /** The headers of a multipart POST /jobs whose body is announced at this length, with one part's start. */
    private static String multipartJobSubmission(String headers, int length) {
        String part = "--b\r\nContent-Disposition: form-data; name=\"file_0\"; filename=\"graph.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String end = "\r\n--b--\r\n";
        String body = length <= 1000 ? part + "x".repeat(length - part.length() - end.length()) + end : part;
        return "POST /jobs HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + headers
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static List<Path> uploadDirectories() throws Exception {
        try (Stream<Path> files = Files.walk(web)) {
            return files.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("flink-web-upload"))
                    .toList();
        }
    }

    private static String exchange(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
