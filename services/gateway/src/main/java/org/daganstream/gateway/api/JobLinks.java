package org.daganstream.gateway.api;

/** Where a job's resources live: relative paths, or absolute under {@code gateway.public.url} when set. */
public final class JobLinks {

    private final String base;

    /** @param publicUrl absolute base without trailing slash, or empty for relative links */
    public JobLinks(String publicUrl) {
        this.base = publicUrl == null ? "" : publicUrl;
    }

    public String status(String jobId) {
        return base + "/api/jobs/" + jobId;
    }

    public String events(String jobId) {
        return status(jobId) + "/events";
    }

    public String result(String jobId) {
        return status(jobId) + "/result";
    }
}
