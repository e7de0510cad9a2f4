package org.daganstream.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

/** Translates {@link InferenceOptions} into ONNX Runtime session options (everything except the provider). */
final class SessionSettings {
    /** Session config keys of ONNX Runtime's thread pools (see onnxruntime_session_options_config_keys.h). */
    static final String INTRA_OP_SPINNING = "session.intra_op.allow_spinning";
    static final String INTER_OP_SPINNING = "session.inter_op.allow_spinning";

    private SessionSettings() {
    }

    /** New session options; the caller closes them once the session exists. */
    static SessionOptions build(InferenceOptions options, String loggerId) throws OrtException {
        SessionOptions session = new SessionOptions();
        try {
            session.setLoggerId(loggerId);
            session.setOptimizationLevel(options.optimizationLevel());
            session.setExecutionMode(options.executionMode());
            if (options.intraOpThreads() > 0) {
                session.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (options.interOpThreads() > 0) {
                session.setInterOpNumThreads(options.interOpThreads());
            }
            // Spinning pool threads keep a core busy between runs; with several sessions taking turns on the same
            // cores that steals time from the one actually working, so it is off unless asked for.
            String spinning = options.allowSpinning() ? "1" : "0";
            session.addConfigEntry(INTRA_OP_SPINNING, spinning);
            session.addConfigEntry(INTER_OP_SPINNING, spinning);
            return session;
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
