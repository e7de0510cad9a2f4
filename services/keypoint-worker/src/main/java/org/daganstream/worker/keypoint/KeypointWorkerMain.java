package org.daganstream.worker.keypoint;

import org.daganstream.worker.WorkerMain;

/** {@code keypoint-worker [--config FILE]}: the keypoint stage as a service (see the module README). */
public final class KeypointWorkerMain {

    private KeypointWorkerMain() {
    }

    public static void main(String[] args) {
        WorkerMain.run(args, KeypointWorker.STAGE, KeypointWorker.DEFAULTS);
    }
}
