package org.daganstream.assembler.tracking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A {@link MuxHandoff} that records what the tracker hands over and can refuse jobs like a full queue. */
final class RecordingHandoff implements MuxHandoff {

    final List<MuxRequest> offers = new ArrayList<>();
    final List<String> forgotten = new ArrayList<>();
    final Set<String> inHand = new HashSet<>();
    boolean accept = true;

    @Override
    public boolean offer(MuxRequest request) {
        offers.add(request);
        if (accept) {
            inHand.add(request.jobId());
        }
        return accept;
    }

    @Override
    public boolean inHand(String jobId) {
        return inHand.contains(jobId);
    }

    @Override
    public void forget(String jobId) {
        forgotten.add(jobId);
        inHand.remove(jobId);
    }

    List<String> offeredJobs() {
        return offers.stream().map(MuxRequest::jobId).toList();
    }
}
