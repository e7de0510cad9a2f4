package org.daganstream.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.ProjectPaths;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container images: every deployed service's module builds its image with Jib from the parent's shared
 * configuration (non-root user, container-aware JVM, the http port), the main class it names exists, and the
 * manifests run exactly those images (the -gpu variant only for the model stages of the gpu overlay).
 * Jib itself is not run here: it needs its base image from a registry.
 */
class ImageBuildTest {

    private static final String JIB = "jib-maven-plugin";

    @Test
    void everyServiceModuleBuildsItsImageWithJib() throws Exception {
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            Path module = contract.modules().get(contract.modules().size() - 1);
            Document pom = parse(module.resolve("pom.xml"));
            String artifactId = text(pom, "/project/artifactId").orElse("?");
            if (!artifactId.equals(contract.artifactId())) {
                problems.add(module + " builds " + artifactId + ", expected " + contract.artifactId());
            }
            Node jib = node(pom, "/project/build/plugins/plugin[artifactId='" + JIB + "']");
            if (jib == null) {
                problems.add(module.getFileName() + ": no " + JIB + " in build/plugins, so `mvn -Pimage` builds no image");
                continue;
            }
            Optional<String> main = text(jib, "configuration/container/mainClass");
            if (main.isPresent()) {
                Path source = module.resolve("src/main/java/" + main.get().replace('.', '/') + ".java");
                if (!Files.isRegularFile(source) || !Files.readString(source).contains("static void main(")) {
                    problems.add(module.getFileName() + ": Jib main class " + main.get() + " has no main method in " + source);
                }
            }
        }
        Overlays.assertNoProblems(problems, "service images");
    }

    @Test
    void sharedJibConfigurationMakesSafeContainerAwareImages() throws Exception {
        Document parent = parse(ProjectPaths.root().resolve("pom.xml"));
        Node jib = node(parent, "/project/build/pluginManagement/plugins/plugin[artifactId='" + JIB + "']");
        assertTrue(jib != null, "parent pluginManagement configures " + JIB);
        assertTrue(text(jib, "version").isPresent(), "Jib version pinned");

        String user = text(jib, "configuration/container/user").orElse("");
        assertTrue(user.matches("[1-9][0-9]*(:[0-9]+)?"), "numeric non-root user (runAsNonRoot can verify it): " + user);
        List<String> jvmFlags = texts(jib, "configuration/container/jvmFlags/jvmFlag");
        assertTrue(jvmFlags.contains("-XX:+UseContainerSupport"), "container-aware JVM: " + jvmFlags);
        assertTrue(jvmFlags.contains("-Djava.io.tmpdir=/tmp"), "temp files under the /tmp volume: " + jvmFlags);
        String toolOptions = text(jib, "configuration/container/environment/JAVA_TOOL_OPTIONS").orElse("");
        assertTrue(toolOptions.contains("-XX:MaxRAMPercentage="), "heap sized by the memory limit: " + toolOptions);
        assertEquals(List.of("8080"), texts(jib, "configuration/container/ports/port"), "the services' default http.port");
        assertEquals("${image.registry}/${project.artifactId}:${image.tag}", text(jib, "configuration/to/image").orElse(""));
        assertEquals("${jib.phase}", text(jib, "executions/execution/phase").orElse(""), "bound only through -Pimage");

        Map<String, String> props = properties(parent, "/project/properties");
        assertEquals("none", props.get("jib.phase"), "plain builds do not build images");
        assertEquals("eclipse-temurin:17-jre", props.get("image.base"));
        assertEquals("package", properties(parent, "/project/profiles/profile[id='image']/properties").get("jib.phase"));
        Map<String, String> gpu = properties(parent, "/project/profiles/profile[id='gpu-image']/properties");
        assertEquals("-gpu", gpu.get("image.tag.suffix"), "gpu images are tagged <version>-gpu");
        assertEquals("${image.gpu.base}", gpu.get("image.base"), "gpu images start from the CUDA base");
        assertEquals("gpu", text(parent, "/project/profiles/profile[id='gpu-image']/activation/property/name").orElse(""),
                "the same -Dgpu switch selects onnxruntime_gpu and the CUDA image");
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void manifestsRunTheImagesTheModulesBuild(String overlay) {
        Manifests m = Overlays.render(overlay);
        String version = System.getProperty("dagan.version", "0.1.0-SNAPSHOT");
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            Deployment d = m.deployment(contract.deployment()).orElseThrow();
            String image = PodConfig.of(m, d).container().getImage();
            String expected = "daganstream/" + contract.artifactId() + ":" + version
                    + (overlay.equals("gpu") && contract.modelStage() ? "-gpu" : "");
            if (!image.equals(expected)) {
                problems.add(contract.deployment() + " runs " + image + ", expected " + expected);
            }
        }
        Overlays.assertNoProblems(problems, "images in overlay " + overlay);
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    private static Node node(Object context, String path) throws Exception {
        return (Node) XPATH.evaluate(path, context, XPathConstants.NODE);
    }

    private static Optional<String> text(Object context, String path) throws Exception {
        Node n = node(context, path);
        return n == null ? Optional.empty() : Optional.of(n.getTextContent().strip());
    }

    private static List<String> texts(Object context, String path) throws Exception {
        NodeList nodes = (NodeList) XPATH.evaluate(path, context, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    private static Map<String, String> properties(Document pom, String path) throws Exception {
        Map<String, String> props = new java.util.HashMap<>();
        Node n = node(pom, path);
        if (n != null) {
            NodeList children = n.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                    props.put(children.item(i).getNodeName(), children.item(i).getTextContent().strip());
                }
            }
        }
        return props;
    }
}
