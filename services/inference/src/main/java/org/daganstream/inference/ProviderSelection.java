package org.daganstream.inference;

/**
 * Which execution provider a session asked for and which one it got.
 *
 * @param requested      the provider from {@link InferenceOptions#provider()}
 * @param active         the provider the session runs on (CPU after a fallback)
 * @param fallbackReason why {@code active} differs from {@code requested}; null when it does not
 */
public record ProviderSelection(ExecutionProvider requested, ExecutionProvider active, String fallbackReason) {

    static ProviderSelection granted(ExecutionProvider provider) {
        return new ProviderSelection(provider, provider, null);
    }

    public boolean fellBack() {
        return requested != active;
    }
}
