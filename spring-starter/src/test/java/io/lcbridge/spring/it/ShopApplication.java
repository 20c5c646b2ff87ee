package io.lcbridge.spring.it;

import io.lcbridge.servlet.LiveChatIdentityCustomizer;
import io.lcbridge.spring.LiveChatWebhookEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small shop secured by Spring Security's form login, with nothing of the bridge but the starter
 * on the class path, {@code livechat.*} properties and one customizer adding the user's email.
 */
@SpringBootApplication
public class ShopApplication {

    static final String PAGE = "<!DOCTYPE html><html><head><title>Account</title></head>"
            + "<body><h1>Your account</h1><p>Orders: 3</p></body></html>";

    @Bean
    SecurityFilterChain shopSecurity(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/public")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults())
                // the usual CSP-nonce set-up: a filter issues one random nonce per request, a header writer announces
                // it
                .addFilterBefore(new CspNonceFilter(), HeaderWriterFilter.class)
                .headers(headers -> headers.addHeaderWriter((request, response) -> response.setHeader(
                        "Content-Security-Policy",
                        "script-src 'nonce-" + request.getAttribute("cspNonce") + "' 'strict-dynamic'")))
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice")
                .password("{noop}wonderland")
                .roles("USER")
                .build());
    }

    @Bean
    @Order(1)
    LiveChatIdentityCustomizer emailFromDirectory() {
        return (request, identity) -> identity.email("alice@example.com").variable("plan", "gold");
    }

    @Bean
    WebhookEvents webhookEvents() {
        return new WebhookEvents();
    }

    @RestController
    static class Pages {
        @GetMapping(
                value = {"/account", "/public"},
                produces = MediaType.TEXT_HTML_VALUE)
        String account() {
            return PAGE;
        }
    }

    /** Views: a Mustache and a Thymeleaf one place the snippet through the model attribute, one leaves it to the filter. */
    @Controller
    static class Views {
        @GetMapping("/manual")
        String manual() {
            return "manual";
        }

        @GetMapping("/thymeleaf")
        String thymeleaf() {
            return "thymeleaf-manual";
        }

        @GetMapping("/plain")
        String plain() {
            return "plain";
        }
    }

    /** Puts a fresh random nonce in the request attribute {@code cspNonce}. */
    static final class CspNonceFilter extends OncePerRequestFilter {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            request.setAttribute("cspNonce", Base64.getEncoder().encodeToString(nonce));
            chain.doFilter(request, response);
        }
    }

    /** Every LiveChat webhook event the application received. */
    static final class WebhookEvents {
        final List<LiveChatWebhookEvent> received = new CopyOnWriteArrayList<>();

        @EventListener
        void on(LiveChatWebhookEvent event) {
            received.add(event);
        }
    }
}
