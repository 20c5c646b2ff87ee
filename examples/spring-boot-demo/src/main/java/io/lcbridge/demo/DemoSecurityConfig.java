package io.lcbridge.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Plain Spring Security: the pages are public (so the anonymous case is visible too), form login
 * and logout are Spring Security's ({@code POST /login} with {@code username}, {@code password} and
 * the CSRF field; {@code POST /logout}, which lands on {@code /login?logout}). The login page is the
 * demo's own ({@code login.mustache}), so it carries the widget like every other page.
 *
 * <p>Except for what shows or sends deliveries: the webhook playground and the received webhooks
 * ({@code /playground/**}, {@code /events}) need a signed-in user; anonymous visitors are sent to the
 * login page. With the playground switched off ({@link WebhookPlayground#enabled}) its paths are refused
 * to everyone. {@code /events/tally} stays public: it holds only counts (the reliability run reads it).
 *
 * <p>Nothing here is about LiveChat: the starter adds its own security chain for the webhook path
 * (deliveries authenticate with their secret, not a login or CSRF token). CSRF is off only for the
 * offline preview's token check, which only reads.
 */
@Configuration(proxyBeanMethods = false)
class DemoSecurityConfig {

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http, Environment env) throws Exception {
        boolean playground = WebhookPlayground.enabled(env);
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/events/tally").permitAll();
                    requests.requestMatchers("/events", "/events/**").authenticated();
                    if (playground) {
                        requests.requestMatchers("/playground", "/playground/**")
                                .authenticated();
                    } else {
                        requests.requestMatchers("/playground", "/playground/**")
                                .denyAll();
                    }
                    requests.anyRequest().permitAll();
                })
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/demo/token-check", "/livechat/customer-token"));
        return http.build();
    }

    @Bean
    UserDetailsService demoUserDetails() {
        return new InMemoryUserDetailsManager(DemoUsers.ALL.stream()
                .map(u -> User.withUsername(u.username())
                        .password("{noop}" + u.password())
                        .roles("USER")
                        .build())
                .toList());
    }
}
