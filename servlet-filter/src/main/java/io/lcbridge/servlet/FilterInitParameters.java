package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.FilterConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads {@link LiveChatWidgetFilter}'s {@code FilterConfig} init parameters into its builder. Every bad value fails
 * start-up with a message naming the parameter (and never echoing a secret).
 */
final class FilterInitParameters {

    private FilterInitParameters() {}

    static LiveChatWidgetFilter.Builder read(FilterConfig config) {
        LiveChatWidgetFilter.Builder builder = read(config::getInitParameter);
        CustomerIdentityInitParameters.read(config::getInitParameter, config.getServletContext())
                .ifPresent(builder::customerIdentity);
        return builder;
    }

    /** Reads the same parameters from any source of init parameters (a servlet's, for the identity endpoint). */
    static LiveChatWidgetFilter.Builder read(Function<String, String> initParameter) {
        Function<String, String> param = name -> {
            String value = initParameter.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        WidgetOptions.Builder options = WidgetOptions.builder();
        String license = param.apply("license");
        String organization = param.apply("organizationId");
        if ((license == null) == (organization == null)) {
            throw new IllegalArgumentException("set exactly one of the init parameters 'license' and 'organizationId'");
        }
        if (license != null) {
            options.license(license);
        } else {
            options.organizationId(organization);
        }
        String group = param.apply("group");
        if (group != null) {
            options.group(parseInt("group", group));
        }
        ifSet(param, "scriptUrl", options::scriptUrl);
        ifSet(param, "tokenVariable", options::tokenVariable);
        String maxTokenLength = param.apply("maxTokenLength");
        if (maxTokenLength != null) {
            options.maxTokenLength(parseInt("maxTokenLength", maxTokenLength));
        }
        LiveChatWidgetFilter.Builder builder = LiveChatWidgetFilter.builder(options.build());

        IdentityKeySet keys = keys(param);
        if (keys != null) {
            builder.signingKeys(keys);
        }
        String lifetime = param.apply("tokenLifetime");
        if (lifetime != null) {
            try {
                builder.tokenLifetime(Duration.parse(lifetime));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "init parameter 'tokenLifetime' must be an ISO-8601 duration such as PT12H, got '" + lifetime
                                + "'");
            }
        }
        ifSet(param, "issuer", builder::issuer);
        String point = param.apply("injectionPoint");
        if (point != null) {
            builder.injectionPoint(
                    switch (point.toLowerCase(Locale.ROOT).replace('-', '_')) {
                        case "body", "before_body_end" -> InjectionPoint.BEFORE_BODY_END;
                        case "head", "before_head_end" -> InjectionPoint.BEFORE_HEAD_END;
                        case "manual", "manual_only" -> InjectionPoint.MANUAL_ONLY;
                        default ->
                            throw new IllegalArgumentException(
                                    "init parameter 'injectionPoint' must be 'before_body_end' ('body'), "
                                            + "'before_head_end' ('head') or 'manual_only', got '" + point + "'");
                    });
        }
        String anonymous = param.apply("anonymousVisitors");
        if (anonymous != null) {
            builder.anonymousVisitors(
                    switch (anonymous.toLowerCase(Locale.ROOT).replace('-', '_')) {
                        case "loader", "loader_only" -> AnonymousVisitors.LOADER_ONLY;
                        case "nothing" -> AnonymousVisitors.NOTHING;
                        default ->
                            throw new IllegalArgumentException(
                                    "init parameter 'anonymousVisitors' must be 'loader_only' ('loader') or 'nothing', got '"
                                            + anonymous + "'");
                    });
        }
        String forgetAfterLogout = param.apply("forgetAfterLogout");
        if (forgetAfterLogout != null) {
            if (!forgetAfterLogout.equalsIgnoreCase("true") && !forgetAfterLogout.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(
                        "init parameter 'forgetAfterLogout' must be true or false, got '" + forgetAfterLogout + "'");
            }
            builder.forgetAfterLogout(Boolean.parseBoolean(forgetAfterLogout));
        }
        String errorPages = param.apply("errorPages");
        if (errorPages != null) {
            if (!errorPages.equalsIgnoreCase("true") && !errorPages.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(
                        "init parameter 'errorPages' must be true or false, got '" + errorPages + "'");
            }
            builder.errorPages(Boolean.parseBoolean(errorPages));
        }
        String includes = param.apply("includePaths");
        if (includes != null) {
            builder.includePaths(list(includes));
        }
        String excludes = param.apply("excludePaths");
        if (excludes != null) {
            builder.excludePaths(list(excludes));
        }
        String nonce = initParameter.apply("nonceAttribute");
        if (nonce != null) {
            builder.nonceAttribute(nonce.isBlank() ? null : nonce.trim());
        }
        String resolver = param.apply("identityResolver");
        if (resolver != null) {
            builder.identityResolver(instantiate("identityResolver", resolver, IdentityResolver.class));
        }
        for (String parameter : new String[] {"identityCustomizers", "sessionVariablesContributors"}) {
            String customizers = param.apply(parameter); // the second is the deprecated name of the first
            if (customizers != null) {
                for (String name : list(customizers)) {
                    builder.identityCustomizer(instantiate(parameter, name, LiveChatIdentityCustomizer.class));
                }
            }
        }
        return builder;
    }

    private static IdentityKeySet keys(Function<String, String> param) {
        String secret = param.apply("identitySecret");
        String secretEnv = param.apply("identitySecretEnv");
        String jwkFile = param.apply("identityJwkSetFile");
        int set = (secret != null ? 1 : 0) + (secretEnv != null ? 1 : 0) + (jwkFile != null ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException(
                    "set at most one of the init parameters 'identitySecret', 'identitySecretEnv' and 'identityJwkSetFile'");
        }
        try {
            if (secret != null) {
                return IdentityKeySet.fromHs256Secret(secret);
            }
            if (secretEnv != null) {
                String value = System.getenv(secretEnv);
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException(
                            "init parameter 'identitySecretEnv' names the environment variable '" + secretEnv
                                    + "', which is not set");
                }
                return IdentityKeySet.fromHs256Secret(value);
            }
            if (jwkFile != null) {
                return IdentityKeySet.fromJwkSet(Files.readString(Path.of(jwkFile), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("init parameter 'identityJwkSetFile': cannot read " + jwkFile + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException
                    && e.getMessage() != null
                    && e.getMessage().startsWith("init parameter")) {
                throw e;
            }
            String which =
                    secret != null ? "identitySecret" : secretEnv != null ? "identitySecretEnv" : "identityJwkSetFile";
            throw new IllegalArgumentException("init parameter '" + which + "': " + e.getMessage());
        }
        return null;
    }

    static <T> T instantiate(String parameter, String className, Class<T> type) {
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!type.isAssignableFrom(c)) {
                throw new IllegalArgumentException(
                        "init parameter '" + parameter + "': " + className + " is not a " + type.getSimpleName());
            }
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("init parameter '" + parameter + "': cannot create " + className
                    + " with a public no-argument constructor (" + e.getClass().getSimpleName() + ")");
        }
    }

    static int parseInt(String parameter, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "init parameter '" + parameter + "' must be a whole number, got '" + value + "'");
        }
    }

    private static String[] list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static void ifSet(Function<String, String> param, String name, java.util.function.Consumer<String> setter) {
        String value = param.apply(name);
        if (value != null) {
            try {
                setter.accept(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("init parameter '" + name + "': " + e.getMessage());
            }
        }
    }
}
