package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

/**
 * The highest sustained send rate against a local broker (in this JVM, on loopback). Not a
 * test: it prints figures. Run it with
 * {@code mvn -pl sensor-simulator -am test -Dtest=SimulatorThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true}
 * and read {@code sensor-simulator/target/surefire-reports/*Benchmark-output.txt}.
 */
@ExtendWith(SharedClusters.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SimulatorThroughputBenchmark {

    @Test
    void sendAsFastAsPossible(Clusters clusters) throws Exception {
        String topic = SharedClusters.uniqueName("benchmark");
        clusters.createTopic(topic, 3);
        String[] args = {"--kafka.bootstrap-servers", clusters.kafkaBootstrapServers(), "--kafka.topic", topic,
            "--pumps", "100", "--progress-interval", "5 s"};
        // Warm up, then measure.
        SensorSimulator.run(System.out, System.out, concat(args, "--count", "200000", "--quiet"));
        for (int round = 1; round <= 3; round++) {
            System.out.println("round " + round + ":");
            SensorSimulator.run(System.out, System.out, concat(args, "--count", "2000000"));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
