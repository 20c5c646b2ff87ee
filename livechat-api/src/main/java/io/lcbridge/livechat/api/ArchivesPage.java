package io.lcbridge.livechat.api;

import java.util.List;

/**
 * One page of {@code list_archives}.
 *
 * @param chats one entry per thread
 * @param foundChats how many match in all
 * @param nextPageId the {@code page_id} of the next page, null on the last page
 * @param previousPageId the {@code page_id} of the previous page, null on the first page
 */
public record ArchivesPage(List<Chat> chats, Integer foundChats, String nextPageId, String previousPageId) {

    public ArchivesPage {
        chats = chats == null ? List.of() : List.copyOf(chats);
        nextPageId = nextPageId == null || nextPageId.isEmpty() ? null : nextPageId;
        previousPageId = previousPageId == null || previousPageId.isEmpty() ? null : previousPageId;
    }
}
