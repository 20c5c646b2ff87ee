package io.lcbridge.spring.errorpages;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An open Boot app whose error pages are Boot's own: the whitelabel page for 404s and for a controller that throws. */
@SpringBootApplication
public class ErrorPagesApplication {

    static final String PAGE = "<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Shop</h1></body></html>";

    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    @RestController
    static class Pages {
        @GetMapping(value = "/page", produces = MediaType.TEXT_HTML_VALUE)
        String page() {
            return PAGE;
        }

        @GetMapping(value = "/boom", produces = MediaType.TEXT_HTML_VALUE)
        String boom() {
            throw new IllegalStateException("the shop is on fire");
        }
    }
}
