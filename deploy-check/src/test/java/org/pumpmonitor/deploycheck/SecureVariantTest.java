package org.pumpmonitor.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pumpmonitor.deploycheck.Manifests.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secure FlinkDeployment is the plain one plus its security settings, and every file the
 * job's arguments name is in a volume its pods mount.
 */
class SecureVariantTest {

    /** Where Flink's Kubernetes decorator mounts the Secret kerberos-keytab-CLUSTER (its Constants). */
    private static final String FLINK_KEYTAB_MOUNT = "/opt/kerberos/kerberos-keytab";
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^:}]+):[^}]+}");

    @Test
    void theSecureDeploymentIsThePlainOnePlusSecurity() {
        ObjectNode plain = Manifests.one("pump-monitor.yaml").document();
        ObjectNode secure = Manifests.one("secure/pump-monitor.yaml").document().deepCopy();

        List<String> secureArgs = Manifests.jobArgs(Manifests.one("secure/pump-monitor.yaml"));
        List<String> plainArgs = Manifests.jobArgs(Manifests.one("pump-monitor.yaml"));
        assertThat(secureArgs.subList(0, plainArgs.size())).isEqualTo(plainArgs);
        List<String> added = secureArgs.subList(plainArgs.size(), secureArgs.size());
        for (int i = 0; i < added.size(); i += 2) {
            assertThat(added.get(i)).startsWith("--kafka.property.");
        }

        ObjectNode secureConfiguration = (ObjectNode) secure.path("spec").path("flinkConfiguration");
        Set<String> addedKeys = new TreeSet<>();
        secureConfiguration.fieldNames().forEachRemaining(addedKeys::add);
        plain.path("spec").path("flinkConfiguration").fieldNames().forEachRemaining(addedKeys::remove);
        assertThat(addedKeys).allSatisfy(key -> assertThat(key).startsWith("security."));

        // Without what it adds, it is the plain one.
        addedKeys.forEach(secureConfiguration::remove);
        var args = ((ObjectNode) secure.path("spec").path("job")).putArray("args");
        plainArgs.forEach(args::add);
        assertThat(secure).isEqualTo(plain);
    }

    static List<Manifest> deployments() {
        return Manifests.ofKind("FlinkDeployment");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyFileTheJobReadsIsInAMountedVolume(Manifest deployment) {
        List<String> mounts = mountPaths(deployment);
        assertThat(filesRead(deployment)).isNotEmpty().allSatisfy(file -> assertThat(mounts)
                .as(file + " in " + deployment).anySatisfy(mount -> assertThat(file).startsWith(mount + "/")));
    }

    @Test
    void aFileOutsideTheMountsFails() {
        Manifest deployment = Manifests.one("secure/pump-monitor.yaml");
        assertThat(mountPaths(deployment)).noneSatisfy(mount -> assertThat("/etc/pump-monitor/kafak/truststore.p12")
                .startsWith(mount + "/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyVolumeClaimAndConfigMapThePodsNeedIsAmongTheManifests(Manifest deployment) {
        Set<String> claims = names("PersistentVolumeClaim");
        Set<String> configMaps = names("ConfigMap");
        for (JsonNode volume : deployment.document().path("spec").path("podTemplate").path("spec").path("volumes")) {
            if (volume.has("persistentVolumeClaim")) {
                assertThat(claims).contains(volume.path("persistentVolumeClaim").path("claimName").asText());
            }
            if (volume.has("configMap") && !volume.path("configMap").path("optional").asBoolean(false)) {
                assertThat(configMaps).contains(volume.path("configMap").path("name").asText());
            }
        }
    }

    /** Absolute paths in the job's arguments, and the files of Kafka's ${file:PATH:key} references. */
    static List<String> filesRead(Manifest deployment) {
        List<String> files = new ArrayList<>();
        for (String arg : Manifests.jobArgs(deployment)) {
            if (arg.startsWith("/")) {
                files.add(arg);
            }
            Matcher reference = FILE_REFERENCE.matcher(arg);
            while (reference.find()) {
                files.add(reference.group(1));
            }
        }
        deployment.document().path("spec").path("flinkConfiguration").fields().forEachRemaining(e -> {
            if (e.getKey().equals("security.kerberos.login.keytab")) {
                files.add(e.getValue().asText());
            }
        });
        return files;
    }

    static List<String> mountPaths(Manifest deployment) {
        List<String> mounts = new ArrayList<>();
        for (JsonNode container : deployment.document().path("spec").path("podTemplate").path("spec").path("containers")) {
            if (container.path("name").asText().equals("flink-main-container")) {
                container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            }
        }
        Map<String, String> configuration = FlinkConfigurationTest.configuration(deployment);
        if (configuration.containsKey("security.kerberos.login.keytab")
                && configuration.containsKey("security.kerberos.login.principal")) {
            mounts.add(FLINK_KEYTAB_MOUNT);
        }
        return mounts;
    }

    private static Set<String> names(String kind) {
        Set<String> names = new TreeSet<>();
        Manifests.ofKind(kind).forEach(m -> names.add(m.name()));
        return names;
    }
}
