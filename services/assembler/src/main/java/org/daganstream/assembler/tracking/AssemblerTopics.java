package org.daganstream.assembler.tracking;

import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;

/** The topics the assembler reads and writes, after per-deployment renames ({@code topic.*} keys). */
public record AssemblerTopics(String generated, String manifests, String reenactments, String status, String dlq) {

    public static AssemblerTopics defaults() {
        return new AssemblerTopics(Topics.FRAMES_GENERATED, Topics.JOB_MANIFESTS, Topics.REENACTMENTS,
                Topics.JOB_STATUS, Topics.FRAMES_DLQ);
    }

    public static AssemblerTopics fromConfig(DaganConfig config) {
        return new AssemblerTopics(Topics.resolve(config, Topics.FRAMES_GENERATED),
                Topics.resolve(config, Topics.JOB_MANIFESTS), Topics.resolve(config, Topics.REENACTMENTS),
                Topics.resolve(config, Topics.JOB_STATUS), Topics.resolve(config, Topics.FRAMES_DLQ));
    }
}
