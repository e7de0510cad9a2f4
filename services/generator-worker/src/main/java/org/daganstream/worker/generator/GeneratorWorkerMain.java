package org.daganstream.worker.generator;

import org.daganstream.worker.WorkerMain;

/** {@code generator-worker [--config FILE]}: the generator stage as a service (see the module README). */
public final class GeneratorWorkerMain {

    private GeneratorWorkerMain() {
    }

    public static void main(String[] args) {
        WorkerMain.run(args, GeneratorWorker.STAGE, GeneratorWorker.DEFAULTS);
    }
}
