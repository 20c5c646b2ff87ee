package io.lcbridge.servlet;

import org.jspecify.annotations.Nullable;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The snippets of recent pages, each under the very object it was made from: a token the caching signer handed out
 * (it hands out the same {@code SignedIdentity} object for one identity in one browser session until it signs afresh),
 * or a renderer's prebuilt loader. A visitor's next page then reuses the markup, already checked and wrapped, instead
 * of rendering it again.
 *
 * <p>Keys are compared by reference, never by {@code equals}: only the identical object finds an entry, so a snippet
 * made for one visitor's token can never be served for another identity or another browser session, and a token the
 * signer replaced (half its lifetime passed, key rotated) finds nothing. Bounded: a fixed table of {@value #SLOTS}
 * entries, a new entry replacing whatever shared its slot. Thread-safe without locks: entries are immutable and
 * published through an {@link AtomicReferenceArray}; two threads making the same snippet at once both store it, and
 * either copy is right.
 */
final class SnippetMemo {

    /** Entries kept; a power of two. */
    static final int SLOTS = 256;

    private final AtomicReferenceArray<Entry> table = new AtomicReferenceArray<>(SLOTS);

    private record Entry(Object key, Snippet snippet) {}

    /** The snippet made from exactly {@code key} (same object), or {@code null}. */
    @Nullable
    Snippet get(Object key) {
        Entry entry = table.get(slot(key));
        return entry != null && entry.key() == key ? entry.snippet() : null;
    }

    /** Keeps {@code snippet} as the one made from {@code key}. */
    void put(Object key, Snippet snippet) {
        table.set(slot(key), new Entry(key, snippet));
    }

    private static int slot(Object key) {
        int h = System.identityHashCode(key);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
