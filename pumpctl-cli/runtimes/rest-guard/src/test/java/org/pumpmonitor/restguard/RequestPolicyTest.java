package org.pumpmonitor.restguard;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPolicyTest {

    private static final RequestPolicy DOCKER = new RequestPolicy(new Configuration()
            .set(RestOptions.ADDRESS, "jobmanager")
            .set(JobManagerOptions.ADDRESS, "jobmanager")
            .set(RequestPolicy.ALLOWED_HOSTS, List.of("Flink.Example.Org")));

    /** method | uri | Host | Origin | Sec-Fetch-Site | Sec-Fetch-Mode | served; an empty cell is an absent header. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # programs: no browser headers
            GET    | /jobs/overview   | localhost:8081        | -                          | -           | -        | true
            POST   | /jars/upload     | localhost:8081        | -                          | -           | -        | true
            GET    | /overview        | -                     | -                          | -           | -        | true
            GET    | /overview        | jobmanager:8081       | -                          | -           | -        | true
            GET    | /overview        | JobManager:8081       | -                          | -           | -        | true
            GET    | /overview        | flink.example.org     | -                          | -           | -        | true
            GET    | /overview        | 127.0.0.1:8081        | -                          | -           | -        | true
            GET    | /overview        | 172.18.0.5:8081       | -                          | -           | -        | true
            GET    | /overview        | [::1]:8081            | -                          | -           | -        | true
            # Flink's web UI, same origin
            GET    | /jobs/overview   | localhost:8081        | -                          | same-origin | cors     | true
            POST   | /jars/upload     | localhost:8081        | http://localhost:8081      | same-origin | cors     | true
            PATCH  | /jobs/1          | 127.0.0.1:8081        | http://127.0.0.1:8081      | same-origin | cors     | true
            POST   | /jars/upload     | localhost             | http://localhost           | same-origin | cors     | true
            POST   | /jars/upload     | localhost:80          | http://localhost           | same-origin | cors     | true
            GET    | /                | localhost:8081        | -                          | none        | navigate | true
            # a link from another page to the web UI
            GET    | /                | localhost:8081        | -                          | cross-site  | navigate | true
            GET    | /                | localhost:8081        | -                          | same-site   | navigate | true
            # DNS rebinding: same-origin for the browser, a foreign name
            GET    | /jobs/overview   | rebind.example:8081   | -                          | same-origin | cors     | false
            POST   | /jars/upload     | rebind.example:8081   | http://rebind.example:8081 | same-origin | cors     | false
            GET    | /jobs/overview   | rebind.example:8081   | -                          | -           | -        | false
            GET    | /jobs/overview   | localhost.:8081       | -                          | -           | -        | false
            GET    | /jobs/overview   | 127.0.0.1.evil.example | -                         | -           | -        | false
            GET    | /jobs/overview   | user@localhost:8081   | -                          | -           | -        | false
            GET    | /jobs/overview   | localhost:x           | -                          | -           | -        | false
            # pages of other origins
            POST   | /jars/upload     | localhost:8081        | http://127.0.0.1:9999      | cross-site  | cors     | false
            POST   | /jars/upload     | localhost:8081        | http://localhost:9999      | same-site   | cors     | false
            POST   | /jars/upload     | localhost:8081        | https://localhost:8081     | cross-site  | cors     | false
            POST   | /jobs/1/stop     | localhost:8081        | https://evil.example       | -           | -        | false
            POST   | /jobs            | localhost:8081        | null                       | cross-site  | cors     | false
            POST   | /jobs            | localhost:8081        | http://localhost:8081/x    | -           | -        | false
            POST   | /jobs            | -                     | http://localhost:8081      | -           | -        | false
            OPTIONS  | /jobs/1        | localhost:8081        | http://127.0.0.1:9999      | cross-site  | cors     | false
            GET    | /jars/1/plan     | localhost:8081        | -                          | cross-site  | no-cors  | false
            GET    | /jars/1/plan     | localhost:8081        | -                          | cross-site  | navigate | false
            POST   | /                | localhost:8081        | -                          | cross-site  | navigate | false
            GET    | /jobs/overview   | localhost:8081        | -                          | same-site   | cors     | false
            """)
    void servesProgramsAndTheApisOwnPagesOnly(String method, String uri, String host, String origin, String site,
            String mode, boolean served) {
        assertThat(DOCKER.refusal(new RequestPolicy.Request(method, uri, host, origin, site, mode)))
                .as("%s %s Host %s Origin %s Sec-Fetch-Site %s", method, uri, host, origin, site)
                .matches(refusal -> refusal.isEmpty() == served);
    }

    @Test
    void servesTheClustersOwnNamesAndTheConfiguredOnes() {
        assertThat(DOCKER.hostNames()).containsExactly("flink.example.org", "jobmanager", "localhost");
        assertThat(new RequestPolicy(new Configuration()).hostNames()).containsExactly("localhost");
    }

    @Test
    void aRefusalSaysWhatToDo() {
        assertThat(DOCKER.refusal(new RequestPolicy.Request("GET", "/", "myhost:8081", null, null, null)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'myhost:8081'", "DNS rebinding",
                        "pump-monitor.rest.allowed-hosts"));
        assertThat(DOCKER.refusal(new RequestPolicy.Request("POST", "/jars/upload", "localhost:8081",
                "http://127.0.0.1:9999", "cross-site", "cors")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("origin 'http://127.0.0.1:9999'"));
    }
}
