package org.daganstream.loadtest.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the pipeline's consumer groups have settled (every group Stable, with at least the expected number of
 * members in total), so a measurement does not include a rebalance caused by instances still joining.
 */
public final class GroupsSettled {

    private static final Logger LOG = LoggerFactory.getLogger(GroupsSettled.class);

    private GroupsSettled() {
    }

    /** @return true when settled within {@code timeout}; false (logged) otherwise */
    public static boolean await(Admin admin, String groupPrefix, int expectedMembers, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no group yet";
        while (System.nanoTime() < deadline) {
            try {
                List<String> groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                        .map(GroupListing::groupId).filter(g -> g.startsWith(groupPrefix)).toList();
                if (!groups.isEmpty()) {
                    Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                            .get(10, TimeUnit.SECONDS);
                    Collection<ConsumerGroupDescription> values = described.values();
                    int members = values.stream().mapToInt(d -> d.members().size()).sum();
                    boolean stable = values.stream().allMatch(d -> d.groupState() == GroupState.STABLE);
                    if (stable && members >= expectedMembers) {
                        return true;
                    }
                    last = values.size() + " groups, " + members + "/" + expectedMembers + " members"
                            + (stable ? "" : ", some rebalancing");
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        LOG.warn("consumer groups had not settled after {} s ({}); measuring anyway", timeout.toSeconds(), last);
        return false;
    }
}
