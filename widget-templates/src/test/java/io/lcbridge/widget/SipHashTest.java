package io.lcbridge.widget;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SipHash} is SipHash-2-4: the reference vectors of the paper and of its reference implementation. */
final class SipHashTest {

    /** The reference key, bytes 00..0f, as two little-endian words. */
    private static final long K0 = 0x0706050403020100L;

    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    /** SipHash-2-4 of the messages 00, 00 01, ... (lengths 0 to 9), from the reference vectors.h. */
    private static final long[] VECTORS = {
        0x726fdb47dd0e0e31L,
        0x74f839c593dc67fdL,
        0x0d6c8009d9a94f5aL,
        0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L,
        0x18765564cd99a68dL,
        0xcbc9466e58fee3ceL,
        0xab0200f58b01d137L,
        0x93f5f5799a932462L,
        0x9e0082df0ba9e4b0L,
    };

    @Test
    void matchesTheReferenceVectors() {
        for (int length = 0; length < VECTORS.length; length++) {
            SipHash hash = new SipHash(K0, K1);
            for (int i = 0; i < length; i++) {
                hash.addByte(i);
            }
            assertThat(hash.finish()).as("length %d", length).isEqualTo(VECTORS[length]);
        }
    }

    @Test
    void matchesThePapersExample() {
        SipHash hash = new SipHash(K0, K1);
        for (int i = 0; i < 15; i++) {
            hash.addByte(i);
        }
        assertThat(hash.finish()).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void charsAndIntsAreTheirLittleEndianBytesAtAnyAlignment() {
        for (int lead = 0; lead < 8; lead++) {
            SipHash bytes = new SipHash(K0, K1);
            SipHash typed = new SipHash(K0, K1);
            for (int i = 0; i < lead; i++) {
                bytes.addByte(i);
                typed.addByte(i);
            }
            for (int b : new int[] {0x41, 0x00, 0x3a, 0x26, 0x78, 0x56, 0x34, 0x12, 0x3d, 0xd8}) {
                bytes.addByte(b);
            }
            typed.addChars("A\u263a");
            typed.addInt(0x12345678);
            typed.addChar('\ud83d');
            assertThat(typed.finish()).as("after %d bytes", lead).isEqualTo(bytes.finish());
        }
    }

    @Test
    void aStringIsItsCharsOneByOneWhateverItsLengthAndAlignment() {
        String text = "alice@example.com \u00e9\u263a\ud83d\ude00 0123456789";
        for (int lead = 0; lead < 8; lead++) {
            for (int end = 0; end <= text.length(); end++) {
                SipHash whole = new SipHash(K0, K1);
                SipHash single = new SipHash(K0, K1);
                for (int i = 0; i < lead; i++) {
                    whole.addByte(i);
                    single.addByte(i);
                }
                whole.addChars(text.substring(0, end));
                for (int i = 0; i < end; i++) {
                    single.addChar(text.charAt(i));
                }
                assertThat(whole.finish())
                        .as("%d chars after %d bytes", end, lead)
                        .isEqualTo(single.finish());
            }
        }
    }
}
