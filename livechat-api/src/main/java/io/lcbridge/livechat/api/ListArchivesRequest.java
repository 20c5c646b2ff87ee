package io.lcbridge.livechat.api;

import java.util.Objects;

/**
 * The first request of {@code list_archives}. Later pages are asked for with {@code page_id}
 * alone, as LiveChat requires (filters, limit and sort order only go in the first request).
 *
 * @param filters what to find
 * @param limit chats per page, 1 to 100 (LiveChat's default is 10)
 * @param sortOrder {@code asc} (oldest first) or {@code desc} (newest first, LiveChat's default)
 */
public record ListArchivesRequest(ArchiveFilters filters, Integer limit, String sortOrder) {

    public ListArchivesRequest {
        filters = filters == null ? ArchiveFilters.none() : filters;
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new IllegalArgumentException("limit must be between 1 and 100");
        }
        if (sortOrder != null && !sortOrder.equals("asc") && !sortOrder.equals("desc")) {
            throw new IllegalArgumentException("sortOrder must be asc or desc");
        }
    }

    /** Every archived thread, LiveChat's defaults. */
    public static ListArchivesRequest all() {
        return new ListArchivesRequest(ArchiveFilters.none(), null, null);
    }

    /** The threads matching {@code filters}. */
    public static ListArchivesRequest matching(ArchiveFilters filters) {
        return new ListArchivesRequest(Objects.requireNonNull(filters, "filters"), null, null);
    }

    /** The same request with a page size. */
    public ListArchivesRequest withLimit(int pageSize) {
        return new ListArchivesRequest(filters, pageSize, sortOrder);
    }

    /** The same request, oldest first. */
    public ListArchivesRequest oldestFirst() {
        return new ListArchivesRequest(filters, limit, "asc");
    }
}
