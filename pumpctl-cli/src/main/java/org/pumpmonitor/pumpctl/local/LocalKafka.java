package org.pumpmonitor.pumpctl.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Kafka, one KRaft node on 127.0.0.1:9092 (controller 9093); storage formatted on first start. */
final class LocalKafka extends LocalService {

    @Override
    List<String> command(StackFiles stack, Path home, Path log) throws Exception {
        String classpath = stack.classpath("kafka");
        Path data = home.resolve("data");
        Path properties = home.resolve("server.properties");
        Files.writeString(properties, LocalConfigFiles.text("kafka-server.properties", Map.of("data", data.toString())));
        Path log4j = home.resolve("log4j.properties");
        Files.writeString(log4j, LocalConfigFiles.text("kafka-log4j.properties", Map.of()));
        if (!Files.exists(data.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(javaExecutable(), "-cp", classpath,
                    "kafka.tools.StorageTool",
                    // "=" because a cluster id may start with '-'.
                    "format", "--cluster-id=" + clusterId(), "--config", properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new PumpctlException("formatting Kafka's storage failed; see " + log);
            }
        }
        List<String> command = new ArrayList<>(LocalConfigFiles.jvmOptions("kafka-jvm.options"));
        command.addAll(List.of("-Dlog4j.configuration=file:" + log4j, "-cp", classpath, "kafka.Kafka",
                properties.toString()));
        return command;
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    @Override
    boolean ready() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalAddresses.KAFKA_BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        }
    }
}
