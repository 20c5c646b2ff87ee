package io.lcbridge.livechat.api;

import io.lcbridge.testsupport.livechat.RecordedCall;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code list_archives}: filters in the first request, {@code page_id} alone after, lazily. */
class ArchivesPagingTest extends FakeBacked {

    @Test
    void streamsThreePagesFollowingNextPageId() {
        fake.addArchivedChats(25);

        List<Chat> chats = client.listArchives(
                        ListArchivesRequest.all().withLimit(10).oldestFirst())
                .toList();

        assertThat(chats).hasSize(25);
        assertThat(chats.get(0).id()).isEqualTo("CHAT0001");
        assertThat(chats.get(24).id()).isEqualTo("CHAT0025");
        List<RecordedCall> calls = fake.calls("list_archives");
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).body()).isEqualTo(json("{\"limit\":10,\"sort_order\":\"asc\"}"));
        // LiveChat: filters, limit and sort_order can't be provided along with page_id
        assertThat(calls.get(1).body().propertyNames()).containsExactly("page_id");
        assertThat(calls.get(2).body().propertyNames()).containsExactly("page_id");
        assertThat(calls.get(1).body().get("page_id").asString())
                .isNotEqualTo(calls.get(2).body().get("page_id").asString());
    }

    @Test
    void fetchesNothingUntilTheStreamIsReadAndStopsWhenItIsDone() {
        fake.addArchivedChats(25);

        Stream<Chat> stream = client.listArchives(ListArchivesRequest.all().withLimit(10));
        assertThat(fake.calls("list_archives")).isEmpty();

        assertThat(stream.limit(12).count()).isEqualTo(12);
        assertThat(fake.calls("list_archives")).hasSize(2);
    }

    @Test
    void sendsFiltersInTheDocumentedForm() {
        fake.addArchivedChats(5);
        ArchiveFilters filters = ArchiveFilters.builder()
                .customerEmail("customer-3@example.com")
                .from(Instant.parse("2026-01-01T00:00:00Z"))
                .filter("event_types", java.util.Map.of("values", List.of("message")))
                .build();

        ArchivesPage page = client.listArchivesPage(ListArchivesRequest.matching(filters));

        assertThat(page.chats()).extracting(Chat::id).containsExactly("CHAT0003");
        assertThat(page.foundChats()).isEqualTo(1);
        assertThat(page.nextPageId()).isNull();
        assertThat(onlyCall("agent", "list_archives").body())
                .isEqualTo(
                        json(
                                "{\"filters\":{\"customer_email\":\"customer-3@example.com\","
                                        + "\"from\":\"2026-01-01T00:00:00.000000+00:00\",\"event_types\":{\"values\":[\"message\"]}}}"));
    }

    @Test
    void anEmptyArchiveIsAnEmptyStreamAfterOneCall() {
        assertThat(client.listArchives(ListArchivesRequest.all())).isEmpty();
        assertThat(fake.calls("list_archives")).hasSize(1);
    }

    @Test
    void pagesCarryTheIdsToGoBothWays() {
        fake.addArchivedChats(25);
        ArchivesPage first = client.listArchivesPage(ListArchivesRequest.all().withLimit(10));
        ArchivesPage second = client.listArchivesPage(first.nextPageId());

        assertThat(first.previousPageId()).isNull();
        assertThat(first.foundChats()).isEqualTo(25);
        assertThat(second.previousPageId()).isNotNull();
        assertThat(client.listArchivesPage(second.previousPageId()).chats())
                .extracting(Chat::id)
                .isEqualTo(first.chats().stream().map(Chat::id).toList());
    }
}
