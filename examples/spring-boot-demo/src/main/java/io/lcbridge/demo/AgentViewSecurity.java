package io.lcbridge.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Plain Spring Security, like {@link DemoSecurityConfig}: the agent view is for signed-in users
 * only. A visitor who is not signed in is sent to the demo's form login and back. Its own chain,
 * matching {@code /agent} only, so the demo's main chain stays as it is.
 */
@Configuration(proxyBeanMethods = false)
class AgentViewSecurity {

    @Bean
    @Order(100) // before the demo's main chain (unordered, i.e. last); the starter's webhook chain is not affected
    SecurityFilterChain agentViewRequiresLogin(HttpSecurity http) throws Exception {
        http.securityMatcher("/agent", "/agent/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }
}
