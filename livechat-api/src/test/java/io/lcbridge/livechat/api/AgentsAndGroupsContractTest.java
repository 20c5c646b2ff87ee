package io.lcbridge.livechat.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration API {@code list_agents} and {@code list_groups} against the docs' samples. */
class AgentsAndGroupsContractTest extends FakeBacked {

    @Test
    void listAgentsSendsFiltersAndFieldsAndMapsTheSample() {
        List<Agent> agents = client.listAgents(
                ListAgentsRequest.inGroups(List.of(0, 1)).withFields(List.of("job_title", "last_logout")));

        assertThat(onlyCall("configuration", "list_agents").body())
                .isEqualTo(json("{\"filters\":{\"group_ids\":[0,1]},\"fields\":[\"job_title\",\"last_logout\"]}"));
        assertThat(agents).hasSize(2);
        assertThat(agents.get(0).id()).isEqualTo("smith@example.com");
        assertThat(agents.get(0).accountId()).isEqualTo("d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf");
        assertThat(agents.get(0).role()).isEqualTo("owner");
        assertThat(agents.get(0).maxChatsCount()).isEqualTo(5);
        assertThat(agents.get(1).loginStatus()).isEqualTo("accepting chats");
        assertThat(agents.get(1).lastLogout()).isEqualTo(Instant.parse("2022-08-23T14:31:21Z"));
    }

    @Test
    void listAllAgentsSendsAnEmptyObject() {
        client.listAgents(ListAgentsRequest.all());
        assertThat(onlyCall("configuration", "list_agents").body()).isEqualTo(json("{}"));
    }

    @Test
    void anUnknownFieldIsLiveChatsValidationError() {
        assertThatThrownBy(() -> client.listAgents(ListAgentsRequest.all().withFields(List.of("shoe_size"))))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("validation");
                    assertThat(e.getMessage())
                            .contains("configuration/list_agents")
                            .contains("validation");
                });
    }

    @Test
    void listGroupsMapsTheSample() {
        List<Group> groups = client.listGroups(List.of("routing_status"));

        assertThat(onlyCall("configuration", "list_groups").body())
                .isEqualTo(json("{\"fields\":[\"routing_status\"]}"));
        assertThat(groups)
                .extracting(Group::id, Group::name, Group::languageCode, Group::routingStatus)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "General", "en", "offline"),
                        org.assertj.core.groups.Tuple.tuple(19, "Sport shoes", "en", "offline"));
    }
}
