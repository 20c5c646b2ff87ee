package io.lcbridge.servlet;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SnippetMemo}: keys by reference only, bounded, and never answers one key with another key's snippet. */
final class SnippetMemoTest {

    /** A key whose {@code equals} says every key is equal: the memo must not care. */
    private static final class Key {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void anEqualButDistinctKeyFindsNothing() {
        SnippetMemo memo = new SnippetMemo();
        Key alice = new Key();
        Snippet aliceSnippet = new Snippet("<script>alice</script>", true);
        memo.put(alice, aliceSnippet);

        assertThat(memo.get(alice)).isSameAs(aliceSnippet);
        assertThat(memo.get(new Key())).isNull();
    }

    @Test
    void manyKeysKeepAtMostTheTableAndEachFindsOnlyItsOwnSnippetOrNothing() {
        SnippetMemo memo = new SnippetMemo();
        List<Key> keys = new ArrayList<>();
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < 20 * SnippetMemo.SLOTS; i++) {
            Key key = new Key();
            Snippet snippet = new Snippet("<script>" + i + "</script>", true);
            memo.put(key, snippet);
            keys.add(key);
            snippets.add(snippet);
        }
        int found = 0;
        for (int i = 0; i < keys.size(); i++) {
            Snippet got = memo.get(keys.get(i));
            if (got != null) {
                assertThat(got).isSameAs(snippets.get(i));
                found++;
            }
        }
        assertThat(found).isPositive().isLessThanOrEqualTo(SnippetMemo.SLOTS);
    }

    @Test
    void concurrentPutsAndGetsNeverCrossKeys() throws Exception {
        SnippetMemo memo = new SnippetMemo();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    int hits = 0;
                    for (int i = 0; i < 20_000; i++) {
                        Key key = new Key();
                        Snippet own = new Snippet("<script>" + thread + "-" + i + "</script>", true);
                        memo.put(key, own);
                        Snippet got = memo.get(key);
                        if (got != null) {
                            assertThat(got).isSameAs(own);
                            hits++;
                        }
                    }
                    return hits;
                }));
            }
            int hits = 0;
            for (Future<Integer> worker : workers) {
                hits += worker.get();
            }
            assertThat(hits).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }
}
