package io.lcbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class CustomerIdentityTest {

    private static final String SECRETISH = "s3cr3t-personal-value";

    @Test
    void keepsSubjectNameEmailAndVariablesInInsertionOrder() {
        CustomerIdentity identity = CustomerIdentity.builder("user-42")
                .name("Zoë")
                .email("zoe@example.com")
                .variable("zeta", "1")
                .variable("alpha", "2")
                .variable("mid", "3")
                .build();

        assertThat(identity.subject()).isEqualTo("user-42");
        assertThat(identity.name()).contains("Zoë");
        assertThat(identity.email()).contains("zoe@example.com");
        assertThat(List.copyOf(identity.sessionVariables().keySet())).containsExactly("zeta", "alpha", "mid");
        assertThat(identity.sessionVariables()).containsEntry("alpha", "2");
    }

    @Test
    void replacingAVariableKeepsItsPlace() {
        CustomerIdentity identity = CustomerIdentity.builder("u")
                .variable("a", "1")
                .variable("b", "2")
                .variable("a", "3")
                .build();

        assertThat(List.copyOf(identity.sessionVariables().entrySet()))
                .containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    }

    @Test
    void variablesFromAMapFollowItsIterationOrder() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("c", "3");
        vars.put("a", "1");
        vars.put("b", "2");

        CustomerIdentity identity =
                CustomerIdentity.builder("u").variables(vars).build();

        assertThat(List.copyOf(identity.sessionVariables().keySet())).containsExactly("c", "a", "b");
    }

    @Test
    void equalityIncludesVariableOrder() {
        CustomerIdentity ab = CustomerIdentity.builder("u")
                .variable("a", "1")
                .variable("b", "2")
                .build();
        CustomerIdentity ba = CustomerIdentity.builder("u")
                .variable("b", "2")
                .variable("a", "1")
                .build();

        assertThat(ab).isNotEqualTo(ba);
        assertThat(ab)
                .isEqualTo(CustomerIdentity.builder("u")
                        .variable("a", "1")
                        .variable("b", "2")
                        .build());
        assertThat(ab.toBuilder().build()).isEqualTo(ab);
    }

    @Test
    void isImmutable() {
        CustomerIdentity.Builder builder = CustomerIdentity.builder("u").variable("a", "1");
        CustomerIdentity identity = builder.build();
        builder.variable("b", "2");

        assertThat(identity.sessionVariables()).containsOnlyKeys("a");
        assertThatThrownBy(() -> identity.sessionVariables().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyOrNullNameAndEmailMeanAbsent() {
        CustomerIdentity empty =
                CustomerIdentity.builder("u").name("").email("").build();
        CustomerIdentity nulls =
                CustomerIdentity.builder("u").name(null).email(null).build();

        assertThat(empty.name()).isEmpty();
        assertThat(empty.email()).isEmpty();
        assertThat(nulls.name()).isEmpty();
        assertThat(nulls.email()).isEmpty();
        assertThat(empty).isEqualTo(nulls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "   \r\n"})
    void refusesBlankSubject(String subject) {
        InvalidIdentityException e =
                catchThrowableOfType(InvalidIdentityException.class, () -> CustomerIdentity.builder(subject));

        assertThat(e.field()).isEqualTo("subject");
        assertThat(e).hasMessageContaining("subject").hasMessageContaining("required");
    }

    @Test
    void refusesNullSubject() {
        assertThat(catchThrowableOfType(InvalidIdentityException.class, () -> CustomerIdentity.builder(null))
                        .field())
                .isEqualTo("subject");
    }

    @Test
    void acceptsNinetyNineVariablesBecauseTheTokenVariableIsTheHundredth() {
        CustomerIdentity.Builder builder = CustomerIdentity.builder("u");
        for (int i = 0; i < 99; i++) {
            builder.variable("v" + i, "x");
        }
        builder.variable("v0", "replaced"); // replacing does not add

        assertThat(builder.build().sessionVariables()).hasSize(99);
        InvalidIdentityException e =
                catchThrowableOfType(InvalidIdentityException.class, () -> builder.variable("v99", "x"));
        assertThat(e.field()).isEqualTo("sessionVariables[v99]");
        assertThat(e).hasMessageContaining("at most 99").hasMessageContaining("100");
    }

    @Test
    void acceptsKeysOfOneToOneHundredPrintableAsciiCharacters() {
        String allPrintable = printableAscii();
        CustomerIdentity identity = CustomerIdentity.builder("u")
                .variable("k", "")
                .variable("x".repeat(100), "v")
                .variable(allPrintable.substring(0, 95), "v")
                .build();

        assertThat(identity.sessionVariables()).containsKeys("k", "x".repeat(100), allPrintable.substring(0, 95));
    }

    @Test
    void refusesEmptyNullAndOverlongKeys() {
        assertThat(catchThrowableOfType(
                                InvalidIdentityException.class,
                                () -> CustomerIdentity.builder("u").variable("", "v"))
                        .field())
                .isEqualTo("sessionVariables");
        assertThat(catchThrowableOfType(
                                InvalidIdentityException.class,
                                () -> CustomerIdentity.builder("u").variable(null, "v"))
                        .field())
                .isEqualTo("sessionVariables");
        InvalidIdentityException tooLong = catchThrowableOfType(
                InvalidIdentityException.class,
                () -> CustomerIdentity.builder("u").variable("k".repeat(101), "v"));
        assertThat(tooLong).hasMessageContaining("101").hasMessageContaining("at most 100");
        assertThat(tooLong.field()).startsWith("sessionVariables[");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"caf\u00e9", "tab\there", "new\nline", "del\u007f", "nul\u0000", "emoji\uD83D\uDE00", "\u00a0"})
    void refusesKeysOutsidePrintableAscii(String key) {
        InvalidIdentityException e = catchThrowableOfType(
                InvalidIdentityException.class,
                () -> CustomerIdentity.builder("u").variable(key, "v"));

        assertThat(e.field()).isEqualTo("sessionVariables");
        assertThat(e).hasMessageContaining("printable ASCII");
    }

    @Test
    void acceptsValuesOfExactly3500Characters() {
        String value = "é".repeat(3500);
        CustomerIdentity identity = CustomerIdentity.builder("s".repeat(3500))
                .name("n".repeat(3500))
                .email("e".repeat(3500))
                .variable("v", value)
                .build();

        assertThat(identity.sessionVariables().get("v")).hasSize(3500);
    }

    @Test
    void refusesValuesOver3500CharactersNamingTheFieldAndSize() {
        String value = SECRETISH + "x".repeat(3501 - SECRETISH.length());

        assertRefused(() -> CustomerIdentity.builder("u").variable("plan", value), "sessionVariables[plan]", "3501");
        assertRefused(() -> CustomerIdentity.builder("u").name(value), "name", "3501");
        assertRefused(() -> CustomerIdentity.builder("u").email(value), "email", "3501");
        assertRefused(() -> CustomerIdentity.builder(value), "subject", "3501");
    }

    @Test
    void acceptsTabLineFeedAndCarriageReturn() {
        CustomerIdentity identity = CustomerIdentity.builder("u")
                .name("a\tb")
                .email("a\r\nb")
                .variable("v", "line1\nline2\r\n\tend")
                .build();

        assertThat(identity.sessionVariables().get("v")).isEqualTo("line1\nline2\r\n\tend");
    }

    @ParameterizedTest
    @ValueSource(
            chars = {
                '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085',
                '\u009f'
            })
    void refusesOtherControlCharactersInValuesNameAndEmail(char control) {
        String value = SECRETISH + control + "tail";

        assertRefused(
                () -> CustomerIdentity.builder("u").variable("plan", value),
                "sessionVariables[plan]",
                "control character");
        assertRefused(() -> CustomerIdentity.builder("u").name(value), "name", "control character");
        assertRefused(() -> CustomerIdentity.builder("u").email(value), "email", "control character");
        assertRefused(() -> CustomerIdentity.builder(value), "subject", "control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "\uDE00", "a\uDE00\uD83D", "x\uD83Dy"})
    void refusesUnpairedSurrogates(String broken) {
        String value = SECRETISH + broken;

        assertRefused(
                () -> CustomerIdentity.builder("u").variable("plan", value),
                "sessionVariables[plan]",
                "unpaired surrogate");
        assertRefused(() -> CustomerIdentity.builder("u").name(value), "name", "unpaired surrogate");
        assertRefused(() -> CustomerIdentity.builder("u").email(value), "email", "unpaired surrogate");
    }

    @Test
    void acceptsSurrogatePairsAndLineSeparators() {
        CustomerIdentity identity = CustomerIdentity.builder("\uD83D\uDE00")
                .name("a\u2028b\u2029c")
                .variable("v", "\uD834\uDD1E")
                .build();

        assertThat(identity.subject()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void refusesNullValue() {
        assertThat(catchThrowableOfType(
                                InvalidIdentityException.class,
                                () -> CustomerIdentity.builder("u").variable("plan", null))
                        .field())
                .isEqualTo("sessionVariables[plan]");
    }

    @Test
    void reservesTheDefaultTokenVariable() {
        InvalidIdentityException e = catchThrowableOfType(
                InvalidIdentityException.class,
                () -> CustomerIdentity.builder("u").variable(IdentityTokens.DEFAULT_TOKEN_VARIABLE, "v"));

        assertThat(e.field()).isEqualTo("sessionVariables[lc_identity]");
        assertThat(e).hasMessageContaining("reserved");
    }

    @Test
    void reservesACustomTokenVariableInsteadOfTheDefault() {
        CustomerIdentity identity = CustomerIdentity.builder("u")
                .tokenVariable("my_token")
                .variable(IdentityTokens.DEFAULT_TOKEN_VARIABLE, "now an ordinary variable")
                .build();

        assertThat(identity.sessionVariables()).containsKey("lc_identity");
        InvalidIdentityException e = catchThrowableOfType(
                InvalidIdentityException.class,
                () -> CustomerIdentity.builder("u").tokenVariable("my_token").variable("my_token", "v"));
        assertThat(e.field()).isEqualTo("sessionVariables[my_token]");
        assertThat(e).hasMessageContaining("reserved");
    }

    @Test
    void refusesATokenVariableNameAlreadyUsedByAVariable() {
        assertThat(catchThrowableOfType(
                        InvalidIdentityException.class,
                        () -> CustomerIdentity.builder("u").variable("tok", "v").tokenVariable("tok")))
                .hasMessageContaining("reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "caf\u00e9", "new\nline"})
    void refusesInvalidTokenVariableNames(String name) {
        assertThatThrownBy(() -> CustomerIdentity.builder("u").tokenVariable(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token variable name");
    }

    @Test
    void toStringNamesFieldsButNotTheirValues() {
        CustomerIdentity identity = CustomerIdentity.builder("subject-" + SECRETISH)
                .name("Name " + SECRETISH)
                .email(SECRETISH + "@example.com")
                .variable("plan", "value-" + SECRETISH)
                .build();

        assertThat(identity.toString())
                .doesNotContain(SECRETISH)
                .contains("plan")
                .contains("name=<set>");
    }

    private static void assertRefused(Runnable action, String field, String problem) {
        InvalidIdentityException e = catchThrowableOfType(InvalidIdentityException.class, action::run);
        assertThat(e).as("refusal of " + field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field + ":").contains(problem).doesNotContain(SECRETISH);
    }

    private static String printableAscii() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x20; c <= 0x7e; c++) {
            sb.append(c);
        }
        return sb.toString();
    }
}
