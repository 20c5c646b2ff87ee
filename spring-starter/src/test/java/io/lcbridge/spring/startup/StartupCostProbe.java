package io.lcbridge.spring.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up cost of the starter, repeatable: starts a bare Boot web app (everything on the starter's test class path:
 * Jetty, MVC, Security, JDBC, Micrometer) once and prints one line: total start-up time, and the time spent creating
 * the bridge's own beans (bean-instantiation steps of beans named {@code liveChat*} that are not nested in another
 * such step). Run it twice, with {@code --livechat.enabled=false} as the baseline, and count loaded classes with
 * {@code -Xlog:class+load}, as the starter's README ("Start-up cost") shows.
 */
public final class StartupCostProbe {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BareApp {}

    private StartupCostProbe() {}

    public static void main(String[] args) {
        long started = System.nanoTime();
        SpringApplication application = new SpringApplication(BareApp.class);
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        application.setApplicationStartup(startup);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Duration total = Duration.ofNanos(System.nanoTime() - started);
            List<StartupTimeline.TimelineEvent> events =
                    startup.getBufferedTimeline().getEvents();
            Map<Long, StartupTimeline.TimelineEvent> byId = new HashMap<>();
            events.forEach(e -> byId.put(e.getStartupStep().getId(), e));
            Duration bridge = Duration.ZERO;
            for (StartupTimeline.TimelineEvent event : events) {
                if (isBridgeBean(event) && !nestedInBridgeBean(event, byId)) {
                    bridge = bridge.plus(event.getDuration());
                }
            }
            events.stream()
                    .filter(StartupCostProbe::isBridgeBean)
                    .sorted((a, b) -> b.getDuration().compareTo(a.getDuration()))
                    .limit(8)
                    .forEach(e -> System.out.println("startup-probe bean " + beanName(e) + " ms="
                            + e.getDuration().toMillis()));
            System.out.println("startup-probe total_ms=" + total.toMillis() + " bridge_beans_ms=" + bridge.toMillis()
                    + " livechat.enabled=" + context.getEnvironment().getProperty("livechat.enabled", "true"));
        }
    }

    private static String beanName(StartupTimeline.TimelineEvent event) {
        for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
            if (tag.getKey().equals("beanName")) {
                return tag.getValue();
            }
        }
        return "?";
    }

    private static boolean isBridgeBean(StartupTimeline.TimelineEvent event) {
        StartupStep step = event.getStartupStep();
        if (!step.getName().equals("spring.beans.instantiate")) {
            return false;
        }
        for (StartupStep.Tag tag : step.getTags()) {
            if (tag.getKey().equals("beanName") && tag.getValue().startsWith("liveChat")) {
                return true;
            }
        }
        return false;
    }

    private static boolean nestedInBridgeBean(
            StartupTimeline.TimelineEvent event, Map<Long, StartupTimeline.TimelineEvent> byId) {
        Long parent = event.getStartupStep().getParentId();
        while (parent != null) {
            StartupTimeline.TimelineEvent up = byId.get(parent);
            if (up == null) {
                return false;
            }
            if (isBridgeBean(up)) {
                return true;
            }
            parent = up.getStartupStep().getParentId();
        }
        return false;
    }
}
