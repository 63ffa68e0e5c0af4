package org.pumpmonitor.deploycheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pumpmonitor.deploycheck.Manifests.Manifest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every manifest against the schema of its kind, strictly: the CRD's, or Kubernetes' own. */
class SchemaTest {

    static List<Manifest> manifests() {
        return Manifests.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyManifestIsValidAgainstTheSchemaOfItsKind(Manifest manifest) {
        assertThat(Schemas.validate(manifest.document())).as(manifest.toString()).isEmpty();
    }

    @Test
    void theManifestsAreTheKindsTheReadmeNames() {
        assertThat(manifests()).extracting(Manifest::kind).containsOnly(
                "FlinkDeployment", "Job", "PersistentVolumeClaim", "ConfigMap");
    }

    @Test
    void aMisspeltKeyOfTheFlinkDeploymentFails() {
        ObjectNode deployment = Manifests.one("pump-monitor.yaml").document().deepCopy();
        ObjectNode job = (ObjectNode) deployment.path("spec").path("job");
        job.set("upgradeMod", job.remove("upgradeMode"));
        assertThat(Schemas.validate(deployment)).anySatisfy(m -> assertThat(m).contains("upgradeMod"));
    }

    @Test
    void aMisspeltKeyInThePodTemplateFails() {
        ObjectNode deployment = Manifests.one("pump-monitor.yaml").document().deepCopy();
        ObjectNode container = (ObjectNode) deployment.path("spec").path("podTemplate").path("spec")
                .path("containers").path(0);
        container.set("volumeMount", container.remove("volumeMounts"));
        assertThat(Schemas.validate(deployment)).anySatisfy(m -> assertThat(m).contains("volumeMount"));
    }

    @Test
    void aValueOutsideTheCrdsEnumFails() {
        ObjectNode deployment = Manifests.one("pump-monitor.yaml").document().deepCopy();
        ((ObjectNode) deployment.path("spec")).put("flinkVersion", "v1_2O");
        assertThat(Schemas.validate(deployment)).anySatisfy(m -> assertThat(m).contains("flinkVersion"));
    }

    @Test
    void aMisspeltKeyInTheFlinkDeploymentsMetadataFails() {
        ObjectNode deployment = Manifests.one("pump-monitor.yaml").document().deepCopy();
        ObjectNode metadata = (ObjectNode) deployment.path("metadata");
        metadata.set("label", metadata.remove("labels"));
        assertThat(Schemas.validate(deployment)).anySatisfy(m -> assertThat(m).contains("label"));
    }

    @Test
    void aMisspeltKeyOfTheSetUpJobFails() {
        ObjectNode job = Manifests.one("pump-monitor-setup.yaml").document().deepCopy();
        ObjectNode podSpec = (ObjectNode) job.path("spec").path("template").path("spec");
        podSpec.set("restartPolcy", podSpec.remove("restartPolicy"));
        assertThat(Schemas.validate(job)).anySatisfy(m -> assertThat(m).contains("restartPolcy"));
    }

    @Test
    void aMisspeltKeyOfTheVolumeClaimFails() {
        ObjectNode claim = Manifests.one("pump-monitor-state.yaml").document().deepCopy();
        ObjectNode spec = (ObjectNode) claim.path("spec");
        spec.set("accesModes", spec.remove("accessModes"));
        assertThat(Schemas.validate(claim)).anySatisfy(m -> assertThat(m).contains("accesModes"));
    }

    @Test
    void aWrongTypeInAConfigMapFails() {
        ObjectNode configMap = Manifests.one("pump-monitor-hbase-site.yaml").document().deepCopy();
        ((ObjectNode) configMap.path("data")).putObject("hbase-site.xml");
        assertThat(Schemas.validate(configMap)).isNotEmpty();
    }

    @Test
    void anUnknownKindOrApiVersionFails() {
        ObjectNode claim = Manifests.one("pump-monitor-state.yaml").document().deepCopy();
        claim.put("apiVersion", "v2");
        assertThat(Schemas.validate(claim)).containsExactly("no schema for apiVersion v2, kind PersistentVolumeClaim");
    }
}
