package org.daganstream.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.cli.job.JobView;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void barShowsCountsRateAndEta() {
        String bar = ProgressFormat.bar(new ProgressFormat.Snapshot("PROCESSING", 12, 50, 3.4, 11.2), 20);
        assertEquals("PROCESSING [====>               ] 12/50 frames    3.4 fps  ETA 0:11", bar);
        String unknown = ProgressFormat.bar(new ProgressFormat.Snapshot("DECODING", 0, 0, 0, -1), 10);
        assertEquals("DECODING   [          ] 0/? frames    -.- fps  ETA -:--", unknown);
        String full = ProgressFormat.bar(new ProgressFormat.Snapshot("ASSEMBLING", 50, 50, 2, 0), 10);
        assertTrue(full.contains("[==========]"), full);
    }

    @Test
    void durationsAndLines() {
        assertEquals("0:07", ProgressFormat.duration(7.4));
        assertEquals("12:34", ProgressFormat.duration(754));
        assertEquals("1:02:03", ProgressFormat.duration(3723));
        assertEquals("-:--", ProgressFormat.duration(-1));
        assertEquals("j: PROCESSING  5/20 frames (25%),   2.0 fps, ETA 0:08",
                ProgressFormat.line("j", new ProgressFormat.Snapshot("PROCESSING", 5, 20, 2.0, 7.5)));
        assertEquals("j: ACCEPTED 0/? frames",
                ProgressFormat.line("j", new ProgressFormat.Snapshot("ACCEPTED", 0, 0, 0, -1)));
    }

    @Test
    void rateFollowsTheRecentWindow() {
        RateMeter meter = new RateMeter(TimeUnit.SECONDS.toNanos(10));
        assertEquals(0, meter.perSecond());
        meter.record(0, 0);
        meter.record(sec(30), 1); // slow start: first frame after 30 s
        for (int i = 2; i <= 21; i++) {
            meter.record(sec(30) + sec(i - 1) / 2, i); // then 2 frames per second
        }
        assertEquals(2.0, meter.perSecond(), 0.15);
        assertEquals(29 / 2.0, meter.secondsLeft(21, 50), 1.0);
        assertEquals(-1, new RateMeter(1).secondsLeft(0, 10));
    }

    @Test
    void plainProgressPrintsStateChangesAndTenths() {
        StringWriter text = new StringWriter();
        PlainProgress plain = new PlainProgress(new PrintWriter(text), now::get);
        JobView view = new JobView("job-1");
        plain.update(view);
        view.onStatus(status(JobState.PROCESSING, 0, 100));
        plain.update(view);
        for (int done = 1; done <= 100; done++) {
            now.addAndGet(sec(1));
            view.onStatus(status(JobState.PROCESSING, done, 100));
            plain.update(view);
        }
        String[] lines = text.toString().split("\n");
        assertEquals("job-1: WAITING 0/? frames", lines[0]);
        assertEquals("job-1: PROCESSING   0/100 frames (0%)", lines[1]);
        // 10% steps, at most one line per 2 s, and the last frame always.
        assertTrue(lines.length >= 8 && lines.length <= 14, text.toString());
        assertTrue(lines[lines.length - 1].startsWith("job-1: PROCESSING 100/100 frames (100%)"), text.toString());
    }

    @Test
    void terminalBarRedrawsInPlaceAndKeepsNotesReadable() {
        StringWriter text = new StringWriter();
        TerminalProgressBar bar = new TerminalProgressBar(new PrintWriter(text), now::get, 100);
        JobView view = new JobView("job-1");
        view.onStatus(status(JobState.PROCESSING, 1, 4));
        bar.update(view);
        now.addAndGet(sec(1));
        view.onStatus(status(JobState.PROCESSING, 2, 4));
        bar.update(view);
        bar.update(view); // nothing new, too soon: no redraw
        bar.note("frame 3 failed");
        bar.close();
        String out = text.toString();
        assertEquals(3, occurrences(out, "\r\033[K"), "two draws and one note expected: " + out.replace("\r", "<CR>"));
        assertTrue(out.contains("\r\033[Kframe 3 failed" + System.lineSeparator() + "PROCESSING"), out);
        assertTrue(out.endsWith(System.lineSeparator()), "close ends the line");
        assertFalse(out.contains("\n\n"), out);
    }

    @Test
    void autoModePicksPlainWithoutATerminal() {
        assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve(false, "xterm"));
        assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve(true, "dumb"));
        assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolve(true, "xterm-256color"));
        assertEquals(ProgressMode.NONE, ProgressMode.NONE.resolve(true, "xterm"));
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static long sec(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    static JobStatus status(JobState state, int done, int total) {
        return JobStatus.newBuilder().setJobId("job-1").setState(state).setFramesDone(done).setFrameCount(total)
                .setUpdatedAt(Instant.EPOCH).build();
    }
}
