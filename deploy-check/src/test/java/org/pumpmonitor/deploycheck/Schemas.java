package org.pumpmonitor.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schemas the manifests are checked against, made strict: an object schema that lists its
 * properties accepts no other (Kubernetes' strict field validation, {@code kubectl apply
 * --validate=strict}, refuses unknown fields the same way).
 *
 * <p>The FlinkDeployment: the operator's own CRD, {@code META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml}
 * of {@code flink-kubernetes-operator-api}, its {@code openAPIV3Schema}; objects marked
 * {@code x-kubernetes-preserve-unknown-fields} stay open. Its metadata is checked as Kubernetes'
 * ObjectMeta.
 *
 * <p>The core kinds: Kubernetes' own API types, as the fabric8 model 6.x ships them in JSON Schema
 * ({@code schema/validation-schema.json} of {@code kubernetes-model-core} and {@code -batch},
 * generated from Kubernetes' Go types). Three things of that export are Java's view and are put
 * back to the wire format: Quantity and IntOrString are a string or a number, and a property's
 * {@code "required": true} becomes its object's {@code required} list. That export marks only
 * apiVersion and kind as required: it checks every field's name and type, not that a field
 * Kubernetes requires is there (the API server still refuses such a manifest). Kubernetes' own OpenAPI
 * document is on no Maven Central artifact; this is the same API, generated from the same types.
 */
final class Schemas {

    static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    private static final List<String> KUBERNETES_SCHEMAS = List.of(
            "schema/validation-schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private static ObjectNode kubernetesDefinitions;
    private static JsonSchema flinkDeployment;

    private Schemas() {}

    /** Problems of a document against the schema of its kind; empty when it is valid. */
    static List<String> validate(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        if (apiVersion.equals("flink.apache.org/v1beta1") && kind.equals("FlinkDeployment")) {
            List<String> problems = messages(flinkDeployment().validate(document));
            problems.addAll(messages(kubernetes("ObjectMeta").validate(document.path("metadata"))));
            return problems;
        }
        String definition = definitionOf(apiVersion, kind);
        if (definition == null) {
            return List.of("no schema for apiVersion " + apiVersion + ", kind " + kind);
        }
        return messages(kubernetes(definition).validate(document));
    }

    private static List<String> messages(Set<ValidationMessage> messages) {
        List<String> text = new ArrayList<>();
        messages.forEach(m -> text.add(m.getMessage()));
        return text;
    }

    static synchronized JsonSchema flinkDeployment() {
        if (flinkDeployment == null) {
            JsonNode crd = readYaml(CRD);
            JsonNode schema = null;
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("name").asText().equals("v1beta1")) {
                    schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                }
            }
            if (schema == null) {
                throw new IllegalStateException(CRD + " has no version v1beta1");
            }
            // The API server adds these to every custom resource; the CRD leaves them out.
            ObjectNode properties = (ObjectNode) schema.path("properties");
            properties.putObject("apiVersion").putArray("enum").add("flink.apache.org/v1beta1");
            properties.putObject("kind").putArray("enum").add("FlinkDeployment");
            properties.putObject("metadata").put("type", "object");
            ((ObjectNode) schema).putArray("required").add("apiVersion").add("kind").add("metadata").add("spec");
            makeStrict(schema);
            flinkDeployment = FACTORY.getSchema(schema);
        }
        return flinkDeployment;
    }

    /** The fabric8 definition whose kind and apiVersion defaults are these, or null. */
    static String definitionOf(String apiVersion, String kind) {
        Iterator<Map.Entry<String, JsonNode>> definitions = kubernetesDefinitions().fields();
        while (definitions.hasNext()) {
            Map.Entry<String, JsonNode> definition = definitions.next();
            JsonNode properties = definition.getValue().path("properties");
            if (properties.path("kind").path("default").asText().equals(kind)
                    && properties.path("apiVersion").path("default").asText().equals(apiVersion)) {
                return definition.getKey();
            }
        }
        return null;
    }

    private static JsonSchema kubernetes(String definition) {
        ObjectNode definitions = kubernetesDefinitions();
        String name = definitions.has(definition) ? definition : "kubernetes_apimachinery_" + definition;
        if (!definitions.has(name)) {
            throw new IllegalStateException("no definition " + definition);
        }
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("$ref", "#/definitions/" + name);
        schema.set("definitions", definitions);
        return FACTORY.getSchema(schema);
    }

    static synchronized ObjectNode kubernetesDefinitions() {
        if (kubernetesDefinitions == null) {
            ObjectNode definitions = JsonNodeFactory.instance.objectNode();
            for (String resource : KUBERNETES_SCHEMAS) {
                try {
                    Iterator<java.net.URL> urls = Schemas.class.getClassLoader().getResources(resource).asIterator();
                    while (urls.hasNext()) {
                        try (InputStream in = urls.next().openStream()) {
                            definitions.setAll((ObjectNode) JSON.readTree(in).path("definitions"));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (definitions.isEmpty()) {
                throw new IllegalStateException("no " + KUBERNETES_SCHEMAS + " on the classpath");
            }
            // Java's view of two wire types: a quantity ("2Gi", 0.5) and an int-or-string (8081, "http").
            ObjectNode quantity = JsonNodeFactory.instance.objectNode();
            quantity.putArray("type").add("string").add("number");
            definitions.set("k8s_io_apimachinery_pkg_api_resource_Quantity", quantity);
            ObjectNode intOrString = JsonNodeFactory.instance.objectNode();
            intOrString.putArray("type").add("string").add("integer");
            definitions.set("kubernetes_apimachinery_pkg_util_intstr_IntOrString", intOrString);
            definitions.fields().forEachRemaining(d -> makeStrict(d.getValue()));
            kubernetesDefinitions = definitions;
        }
        return kubernetesDefinitions;
    }

    /**
     * Closes every object schema that lists its properties, unless it is marked to keep unknown
     * fields; turns fabric8's {@code "required": true} on a property into its object's list; drops
     * the keywords that are only annotations for code generators.
     */
    static void makeStrict(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(Schemas::makeStrict);
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        JsonNode properties = schema.get("properties");
        if (properties instanceof ObjectNode props) {
            Set<String> required = new TreeSet<>();
            props.fields().forEachRemaining(p -> {
                if (p.getValue() instanceof ObjectNode property && property.path("required").isBoolean()) {
                    if (property.get("required").asBoolean()) {
                        required.add(p.getKey());
                    }
                    property.remove("required");
                }
                makeStrict(p.getValue());
            });
            if (!required.isEmpty()) {
                ArrayNode list = schema.has("required") && schema.get("required").isArray()
                        ? (ArrayNode) schema.get("required") : schema.putArray("required");
                required.forEach(list::add);
            }
            boolean keepUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            JsonNode additional = schema.get("additionalProperties");
            if (!keepUnknown && (additional == null || additional.equals(BooleanNode.TRUE))) {
                schema.put("additionalProperties", false);
            }
        }
        List<String> annotations = new ArrayList<>();
        schema.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("x-kubernetes-") || name.startsWith("java") || name.equals("existingJavaType")) {
                annotations.add(name);
            }
        });
        schema.remove(annotations);
        schema.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("properties")) {
                makeStrict(field.getValue());
            }
        });
    }

    private static JsonNode readYaml(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return Manifests.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
