package org.daganstream.motion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The normalize_kp cases of {@code models/fixtures/motion/cases.json}, computed by the PyTorch reference
 * (folder from system property {@code dagan.fixtures}).
 */
final class MotionFixtureCases {

    /** The reference's float64 results against our float32 output. */
    static final float TOLERANCE = 1e-5f;

    record Case(String name, MotionSettings settings, KeypointSet source, KeypointSet anchor, KeypointSet driving,
            double expectedScale, float[] expectedValue, float[] expectedJacobian) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Degenerate(String name, float[] anchorValue) {
    }

    private MotionFixtureCases() {
    }

    static Path file() {
        String fixtures = System.getProperty("dagan.fixtures");
        if (fixtures == null) {
            throw new IllegalStateException("system property dagan.fixtures is not set (the parent pom sets it)");
        }
        Path file = Path.of(fixtures, "motion", "cases.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; regenerate the fixtures with "
                    + "`cd models && python3 -m dagan_models fixtures --out fixtures`");
        }
        return file;
    }

    static JsonObject document() {
        try {
            return new JsonObject(Files.readString(file()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file(), e);
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Object o : document().getJsonArray("cases")) {
            JsonObject c = (JsonObject) o;
            JsonObject options = c.getJsonObject("options");
            JsonObject expected = c.getJsonObject("expected");
            out.add(new Case(c.getString("name"),
                    new MotionSettings(options.getBoolean("relative"), options.getBoolean("adapt_scale"), 0),
                    keypoints(c.getJsonObject("kp_source")), keypoints(c.getJsonObject("kp_anchor")),
                    keypoints(c.getJsonObject("kp_driving")), expected.getDouble("scale"),
                    flatten(expected.getJsonArray("value")), flatten(expected.getJsonArray("jacobian"))));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file() + " holds no cases");
        }
        return out;
    }

    static List<Degenerate> degenerateCases() {
        List<Degenerate> out = new ArrayList<>();
        JsonArray array = document().getJsonArray("degenerate_cases", new JsonArray());
        for (Object o : array) {
            JsonObject c = (JsonObject) o;
            out.add(new Degenerate(c.getString("name"), flatten(c.getJsonArray("kp_anchor_value"))));
        }
        return out;
    }

    private static KeypointSet keypoints(JsonObject kp) {
        float[] value = flatten(kp.getJsonArray("value"));
        return KeypointSet.of(value.length / 2, value, flatten(kp.getJsonArray("jacobian")));
    }

    /** Row-major flattening of nested JSON number arrays. */
    static float[] flatten(JsonArray nested) {
        List<Double> numbers = new ArrayList<>();
        collect(nested, numbers);
        float[] out = new float[numbers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers.get(i).floatValue();
        }
        return out;
    }

    private static void collect(Object node, List<Double> into) {
        if (node instanceof JsonArray array) {
            array.forEach(child -> collect(child, into));
        } else {
            into.add(((Number) node).doubleValue());
        }
    }
}
