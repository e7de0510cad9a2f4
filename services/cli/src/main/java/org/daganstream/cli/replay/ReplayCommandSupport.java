package org.daganstream.cli.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.JobStatus;
import org.daganstream.cli.job.TopicSnapshot;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;

/** Reads what replay decides on: the dead-letter topic and the latest status of the jobs concerned. */
public final class ReplayCommandSupport {

    /** The dead letters, plus how many DLQ records could not be decoded at all. */
    public record DeadLetters(List<DeadLetter> all, int undecodable) {
    }

    private ReplayCommandSupport() {
    }

    public static DeadLetters readDeadLetters(DaganConfig config) {
        List<DeadLetter> all = new ArrayList<>();
        int[] bad = {0};
        TopicSnapshot.read(config, Topics.resolve(config, Topics.FRAMES_DLQ), record -> {
            if (record.value() == null) {
                return;
            }
            try {
                DeadLetterFrame d = WireCodecs.DEAD_LETTER_FRAME.decode(record.value());
                all.add(new DeadLetter(record.partition(), record.offset(), d));
            } catch (MalformedRecordException e) {
                bad[0]++;
            }
        });
        return new DeadLetters(all, bad[0]);
    }

    /** The latest status of each of {@code jobIds} (absent when a job has none). */
    public static Map<String, JobStatus> latestStatuses(DaganConfig config, Set<String> jobIds) {
        Map<String, JobStatus> latest = new HashMap<>();
        if (jobIds.isEmpty()) {
            return latest;
        }
        TopicSnapshot.read(config, Topics.resolve(config, Topics.JOB_STATUS), record -> {
            if (record.key() != null && record.value() != null && jobIds.contains(record.key())) {
                try {
                    latest.put(record.key(), WireCodecs.JOB_STATUS.decode(record.value()));
                } catch (MalformedRecordException e) {
                    // not ours to judge; the previous status stands
                }
            }
        });
        return latest;
    }
}
