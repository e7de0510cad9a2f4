package org.daganstream.cli.pipeline;

import org.daganstream.common.config.DaganConfig;

/** Starts one stage service in this JVM; closing the returned handle stops it gracefully. */
@FunctionalInterface
public interface StageStarter {

    AutoCloseable start(DaganConfig config) throws Exception;
}
