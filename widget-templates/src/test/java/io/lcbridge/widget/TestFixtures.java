package io.lcbridge.widget;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.testsupport.fixtures.TestKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Keys, a settable clock and signers shared by the widget tests. */
final class TestFixtures {

    static final String LICENSE = "12345678";
    static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(TestKeys.HS256_SECRET);

    private TestFixtures() {}

    static IdentitySigner signer(Clock clock) {
        return IdentitySigner.builder(KEYS, LICENSE)
                .clock(clock)
                .lifetime(Duration.ofHours(12))
                .build();
    }

    static IdentitySigner signer() {
        return signer(Clock.systemUTC());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
