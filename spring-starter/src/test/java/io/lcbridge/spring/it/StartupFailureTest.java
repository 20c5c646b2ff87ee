package io.lcbridge.spring.it;

import io.lcbridge.testsupport.fixtures.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a developer sees when the starter is added with a missing or bad setting: Boot's report naming the property. */
@ExtendWith(OutputCaptureExtension.class)
final class StartupFailureTest {

    @Test
    void missingLicenseIsReportedByPropertyName(CapturedOutput output) {
        assertThatThrownBy(() -> start("--livechat.signing.secret=" + TestKeys.HS256_SECRET))
                .isNotNull();

        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("The LiveChat bridge cannot start: property 'livechat.license' is not set")
                .contains("Set livechat.license to your LiveChat license number");
    }

    @Test
    void weakSecretIsReportedByPropertyNameWithoutItsValue(CapturedOutput output) {
        assertThatThrownBy(() -> start("--livechat.license=12345678", "--livechat.signing.secret=dG9vLXNob3J0"))
                .isNotNull();

        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("property 'livechat.signing.secret' is not a usable HS256 secret")
                .contains("openssl rand -base64 32")
                .doesNotContain("dG9vLXNob3J0")
                .doesNotContain("too-short");
    }

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(ShopApplication.class);
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        application.run(all).close();
    }
}
