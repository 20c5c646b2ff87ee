package io.lcbridge.demo.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.ClassUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad {@code livechat.filter.*} path in a real Boot app on embedded Tomcat (the demo's server): the developer sees
 * Boot's failure report naming the exact property, and no ERROR line from Tomcat before it. The bridge's settings are
 * checked before the web server starts its context, where a failing filter registration used to be logged by Tomcat
 * with a stack trace first.
 */
@ExtendWith(OutputCaptureExtension.class)
final class BadFilterPathOnTomcatTest {

    private static final String REPORT = "APPLICATION FAILED TO START";

    /** A bare Boot web app with the starter: no component scan, so the demo's own beans stay out. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BareApp {}

    @Test
    void aBadExcludePathIsReportedByBootAloneNamingTheIndexedProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "--livechat.filter.exclude-paths[0]=/admin/**",
                        "--livechat.filter.exclude-paths[1]=/orders/{id}"))
                .isNotNull();

        String all = output.getAll();
        assertThat(all).contains(REPORT);
        assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null))
                .as("the app runs on embedded Tomcat")
                .isTrue();
        assertThat(all).contains("property 'livechat.filter.exclude-paths[1]'");
        List<String> before = all.substring(0, all.indexOf(REPORT)).lines().toList();
        assertThat(before)
                .as("nothing but Boot's own report at ERROR before the report")
                .filteredOn(line -> line.contains("ERROR"))
                .allSatisfy(line -> assertThat(line).contains("LoggingFailureAnalysisReporter"));
        assertThat(before)
                .as("no line from Tomcat/Catalina about the failure")
                .noneMatch(line -> line.contains("org.apache.catalina") && line.contains("ERROR"))
                .noneMatch(line -> line.contains("Error starting Tomcat context"))
                .noneMatch(line -> line.contains("One or more"));
    }

    @Test
    void aBadWebhookPathIsReportedTheSameWay(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "--livechat.webhook.secret-keys=demo-webhook-secret-0123456789",
                        "--livechat.webhook.path=/hooks/{account}"))
                .isNotNull();

        String all = output.getAll();
        assertThat(all).contains(REPORT).contains("property 'livechat.webhook.path'");
        assertThat(all.substring(0, all.indexOf(REPORT)).lines())
                .filteredOn(line -> line.contains("ERROR"))
                .allSatisfy(line -> assertThat(line).contains("LoggingFailureAnalysisReporter"));
    }

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(BareApp.class);
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        all[args.length + 1] = "--livechat.license=12345678";
        all[args.length + 2] = "--logging.level.root=INFO";
        application.run(all).close();
    }
}
