package io.lcbridge.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Plain Spring Security: every page is public (so the anonymous case is visible too), form login
 * and logout are Spring Security's defaults ({@code POST /login} with {@code username},
 * {@code password} and the CSRF field; {@code POST /logout}).
 *
 * <p>Nothing here is about LiveChat: the starter adds its own security chain for the webhook path
 * (deliveries authenticate with their secret, not a login or CSRF token). CSRF is off only for the
 * offline preview's token check, which only reads.
 */
@Configuration(proxyBeanMethods = false)
class DemoSecurityConfig {

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/demo/token-check"));
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
