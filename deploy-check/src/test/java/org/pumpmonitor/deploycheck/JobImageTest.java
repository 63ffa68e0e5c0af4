package org.pumpmonitor.deploycheck;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.deploycheck.Manifests.Manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The FlinkDeployment runs the image docker/Dockerfile builds, on the build's Flink. */
class JobImageTest {

    static final String JAR_PATH = "/opt/flink/usrlib/flink-job.jar";
    private static final Pattern STAGE = Pattern.compile("(?m)^FROM\\s+(\\S+)\\s+AS\\s+(\\S+)\\s*$");

    @Test
    void theJobTargetIsTheLastOfTheDockerfileAndOnTheBuildsFlink() throws IOException {
        List<String[]> stages = stages();
        String[] last = stages.get(stages.size() - 1);
        assertThat(last[1]).isEqualTo("job");
        assertThat(last[0]).isEqualTo("flink:" + System.getProperty("flink.version") + "-scala_2.12-java17");
    }

    @Test
    void theJobTargetPutsTheJarWhereJarUriPoints() throws IOException {
        String dockerfile = Files.readString(Manifests.root().resolve("docker/Dockerfile"));
        String jobStage = dockerfile.substring(dockerfile.lastIndexOf("AS job"));
        assertThat(jobStage).containsPattern("(?m)^COPY --from=build .*/flink-job\\.jar " + Pattern.quote(JAR_PATH) + "$");
        for (Manifest deployment : Manifests.ofKind("FlinkDeployment")) {
            assertThat(deployment.document().path("spec").path("job").path("jarURI").asText())
                    .as(deployment.toString()).isEqualTo("local://" + JAR_PATH);
        }
    }

    @Test
    void flinkVersionIsTheBuildsFlink() {
        String[] version = System.getProperty("flink.version").split("\\.");
        for (Manifest deployment : Manifests.ofKind("FlinkDeployment")) {
            assertThat(deployment.document().path("spec").path("flinkVersion").asText())
                    .as(deployment.toString()).isEqualTo("v" + version[0] + "_" + version[1]);
        }
    }

    private static List<String[]> stages() throws IOException {
        Matcher matcher = STAGE.matcher(Files.readString(Manifests.root().resolve("docker/Dockerfile")));
        List<String[]> stages = new ArrayList<>();
        while (matcher.find()) {
            stages.add(new String[] {matcher.group(1), matcher.group(2)});
        }
        return stages;
    }
}
