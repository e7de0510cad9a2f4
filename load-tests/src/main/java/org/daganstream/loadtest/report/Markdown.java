package org.daganstream.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A small Markdown document builder: headings, paragraphs, tables, images, lists, code blocks. */
public final class Markdown {

    private final StringBuilder text = new StringBuilder();

    public Markdown heading(int level, String title) {
        blankLine();
        text.append("#".repeat(Math.max(1, Math.min(6, level)))).append(' ').append(title).append("\n\n");
        return this;
    }

    public Markdown paragraph(String line) {
        blankLine();
        text.append(line).append("\n\n");
        return this;
    }

    public Markdown bullets(List<String> items) {
        blankLine();
        items.forEach(i -> text.append("- ").append(i).append('\n'));
        text.append('\n');
        return this;
    }

    public Markdown code(String content) {
        blankLine();
        text.append("```\n").append(content.endsWith("\n") ? content : content + "\n").append("```\n\n");
        return this;
    }

    /** An image with a path relative to the document. */
    public Markdown image(String alt, String relativePath) {
        blankLine();
        text.append("![").append(alt).append("](").append(relativePath).append(")\n\n");
        return this;
    }

    public Markdown table(List<String> header, List<List<String>> rows) {
        blankLine();
        text.append(row(header));
        text.append(row(header.stream().map(h -> "---").toList()));
        for (List<String> r : rows) {
            text.append(row(r));
        }
        text.append('\n');
        return this;
    }

    private static String row(List<String> cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c == null ? "" : c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        return b.append('\n').toString();
    }

    private void blankLine() {
        int n = text.length();
        if (n > 0 && text.charAt(n - 1) != '\n') {
            text.append("\n\n");
        } else if (n > 1 && text.charAt(n - 2) != '\n') {
            text.append('\n');
        }
    }

    @Override
    public String toString() {
        return text.toString();
    }

    public Path write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    // ---- number formatting shared by the reports ----

    /** Milliseconds, as "850 ms" or "12.3 s". NaN as "n/a". */
    public static String millis(double ms) {
        if (!Double.isFinite(ms)) {
            return "n/a";
        }
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    public static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "n/a";
    }

    public static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", fraction * 100) : "n/a";
    }

    public static String mebibytes(double bytes) {
        return Double.isFinite(bytes) ? String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024)) : "n/a";
    }
}
