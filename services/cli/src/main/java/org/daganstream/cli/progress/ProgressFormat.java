package org.daganstream.cli.progress;

import java.util.Locale;

/** Text of the progress displays; pure functions so they are easy to test. */
public final class ProgressFormat {

    private ProgressFormat() {
    }

    /**
     * One moment of a job.
     *
     * @param state       job state name ("PROCESSING"), or "WAITING" before the first status
     * @param done        frames generated
     * @param total       frames in the job, 0 while unknown (still decoding)
     * @param fps         current frames per second, 0 when unknown
     * @param secondsLeft estimated seconds to go, -1 when unknown
     */
    public record Snapshot(String state, int done, int total, double fps, double secondsLeft) {
    }

    /** {@code PROCESSING [=========>          ]  12/50 frames   3.4 fps  ETA 0:11}. */
    public static String bar(Snapshot s, int barWidth) {
        StringBuilder bar = new StringBuilder(barWidth + 2).append('[');
        int filled = s.total() > 0 ? (int) Math.floor(barWidth * Math.min(1.0, s.done() / (double) s.total())) : 0;
        for (int i = 0; i < barWidth; i++) {
            bar.append(i < filled ? '=' : i == filled && s.total() > 0 && s.done() < s.total() ? '>' : ' ');
        }
        bar.append(']');
        return String.format(Locale.ROOT, "%-10s %s %s frames  %s  ETA %s", s.state(), bar, count(s),
                fps(s.fps()), duration(s.secondsLeft()));
    }

    /** {@code job-1: PROCESSING 12/50 frames (24%), 3.4 fps, ETA 0:11}. */
    public static String line(String jobId, Snapshot s) {
        String percent = s.total() > 0
                ? String.format(Locale.ROOT, " (%d%%)", Math.round(100.0 * s.done() / s.total())) : "";
        String speed = s.fps() > 0 ? ", " + fps(s.fps()) + ", ETA " + duration(s.secondsLeft()) : "";
        return jobId + ": " + s.state() + " " + count(s) + " frames" + percent + speed;
    }

    private static String count(Snapshot s) {
        String total = s.total() > 0 ? Integer.toString(s.total()) : "?";
        return String.format(Locale.ROOT, "%" + total.length() + "d/%s", s.done(), total);
    }

    static String fps(double fps) {
        return fps > 0 ? String.format(Locale.ROOT, "%5.1f fps", fps) : "  -.- fps";
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}; {@code -:--} when unknown. */
    public static String duration(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "-:--";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
