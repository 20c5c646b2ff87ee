package io.lcbridge.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command demo of the LiveChat identity bridge: a Spring Boot app with form login and two
 * users, the widget on every page with the signed-in user's identity, an offline stand-in for the
 * widget that shows what it received, and a playground that sends LiveChat-shaped webhooks to the
 * app's own endpoint.
 *
 * <p>Runs offline with nothing configured: {@link DemoDefaults} fills in a demo license, the
 * stand-in widget script and freshly generated secrets. Every {@code livechat.*} property can be
 * set on the command line ({@code --livechat.license=...}).
 */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the demo (the end-to-end test starts it this way too). */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(DemoApplication.class);
        app.addListeners(new DemoDefaults(), new DemoLiveChatFake()); // DemoLiveChatFake reads the defaults
        return app.run(args);
    }
}
