package org.daganstream.worker.depth;

import org.daganstream.worker.WorkerMain;

/** {@code depth-worker [--config FILE]}: the depth stage as a service (see the module README). */
public final class DepthWorkerMain {

    private DepthWorkerMain() {
    }

    public static void main(String[] args) {
        WorkerMain.run(args, DepthWorker.STAGE, DepthWorker.DEFAULTS);
    }
}
