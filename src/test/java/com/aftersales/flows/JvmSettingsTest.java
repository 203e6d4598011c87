package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the app runs with the same JVM settings wherever it is started (README "Memory"), so the memory measured by
 * the benchmarks is the memory of the app as shipped.
 */
class JvmSettingsTest {

    private static final String HEAP = "-Xmx512m";
    private static final String COLLECTOR = "-XX:+UseSerialGC";

    @Test
    void theReadme_theDockerfile_springBootRun_andTheBenchmarks_startTheAppWithTheSameMemorySettings()
            throws IOException {
        assertThat(Files.readString(Path.of("README.md"))).contains("java " + HEAP + " " + COLLECTOR + " -jar");
        assertThat(Files.readString(Path.of("Dockerfile")))
                .contains("ENTRYPOINT [\"java\", \"" + HEAP + "\", \"" + COLLECTOR + "\", \"-jar\"");
        assertThat(Files.readString(Path.of("pom.xml")))
                .contains("<jvmArguments>" + HEAP + " " + COLLECTOR + "</jvmArguments>");
        assertThat(Files.readString(Path.of("bench/common.sh"))).contains("JAVA_OPTS=" + HEAP + " " + COLLECTOR + "}");
    }
}
