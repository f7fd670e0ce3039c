package org.alliancetracker.platform.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * One Kafka admin client per service for the cheap, frequent questions operations ask (is the cluster reachable,
 * how far behind are the consumer groups), created on first use with short timeouts so a broker outage answers
 * "down" quickly instead of blocking a probe.
 */
public class ClusterAdmin implements DisposableBean {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, Object> config;
    private volatile Admin admin;

    public ClusterAdmin(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "operations-" + java.util.UUID.randomUUID());
        this.config = config;
    }

    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(config);
                }
                current = admin;
            }
        }
        return current;
    }

    /** The client settings (bootstrap servers, security) for other clients of the same cluster. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> copy = new HashMap<>(config);
        copy.remove(AdminClientConfig.CLIENT_ID_CONFIG);
        copy.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
        copy.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        return copy;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
