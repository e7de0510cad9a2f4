package org.daganstream.cli.pipeline;

/**
 * Runs a clean-up when the JVM is asked to stop (Ctrl-C, SIGTERM) while a command runs, so the embedded broker,
 * the services and temporary files are closed properly; removed again when the command ends normally.
 */
public final class ShutdownGuard implements AutoCloseable {

    private final Thread hook;
    private volatile boolean active = true;

    public ShutdownGuard(String name, Runnable cleanUp) {
        this.hook = new Thread(() -> {
            if (active) {
                cleanUp.run();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        active = false;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook sees active == false
        }
    }
}
