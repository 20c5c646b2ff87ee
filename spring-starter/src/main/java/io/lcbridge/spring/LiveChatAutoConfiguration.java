package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.widget.CachingIdentitySigner;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the LiveChat widget for servlet web applications: the identity keys, the
 * signer, the widget options and the snippet renderer, built from {@link LiveChatProperties}.
 * Every bean backs off when the application declares its own of the same type.
 *
 * <p>Switched off with {@code livechat.enabled=false}. The filter that puts the snippet on pages,
 * the Spring Security identity and the view attribute are in {@link LiveChatFilterAutoConfiguration};
 * the webhook endpoint in {@link LiveChatWebhookAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WidgetSnippetRenderer.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiveChatProperties.class)
public class LiveChatAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public IdentityKeySet liveChatIdentityKeys(LiveChatProperties properties, ResourceLoader resourceLoader) {
        return LiveChatSettings.identityKeys(properties.signing(), resourceLoader);
    }

    @Bean
    @ConditionalOnMissingBean
    public WidgetOptions liveChatWidgetOptions(LiveChatProperties properties) {
        return LiveChatSettings.widgetOptions(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public CachingIdentitySigner liveChatIdentitySigner(IdentityKeySet liveChatIdentityKeys,
            WidgetOptions liveChatWidgetOptions, LiveChatProperties properties) {
        return CachingIdentitySigner.wrap(LiveChatSettings.identitySigner(liveChatIdentityKeys,
                liveChatWidgetOptions.audience(), properties.signing()));
    }

    @Bean
    @ConditionalOnMissingBean
    public WidgetSnippetRenderer liveChatSnippetRenderer(WidgetOptions liveChatWidgetOptions,
            CachingIdentitySigner liveChatIdentitySigner) {
        return WidgetSnippetRenderer.builder(liveChatWidgetOptions).signer(liveChatIdentitySigner).build();
    }
}
