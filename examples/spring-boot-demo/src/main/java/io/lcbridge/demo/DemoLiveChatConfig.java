package io.lcbridge.demo;

import io.lcbridge.servlet.LiveChatIdentityCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * All the LiveChat-specific code the demo app has: the starter already knows who is signed in
 * (Spring Security); this adds what the agent should see about that user, read from the app's own
 * data. Everything here is signed into the identity token.
 */
@Configuration(proxyBeanMethods = false)
class DemoLiveChatConfig {

    @Bean
    LiveChatIdentityCustomizer demoUserDetailsForTheAgent() {
        return (request, identity) -> DemoUsers.find(request.getUserPrincipal().getName())
                .ifPresent(user ->
                        identity.name(user.displayName()).email(user.email()).variable("plan", user.plan()));
    }
}
