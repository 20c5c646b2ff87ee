package io.lcbridge.spring;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code livechat} section of the actuator's info endpoint: the library {@code version} (the starter jar's
 * manifest), the signing key's {@code activeKid} and {@code algorithm} (or {@code identities: off}), the filter's
 * {@code injectionPoint} and the webhooks' {@code store} type. Ids and names only: no secret, key or license
 * credential is ever part of it. Off with {@code management.info.livechat.enabled=false}.
 */
public final class LiveChatInfoContributor implements InfoContributor {

    private final LiveChatBridgeState state;

    LiveChatInfoContributor(LiveChatBridgeState state) {
        this.state = state;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> livechat = new LinkedHashMap<>();
        livechat.put("version", LiveChatBridgeState.libraryVersion());
        livechat.putAll(state.keyDetails());
        livechat.put("injectionPoint", state.injectionPoint());
        livechat.put("store", state.storeType());
        builder.withDetail("livechat", livechat);
    }
}
