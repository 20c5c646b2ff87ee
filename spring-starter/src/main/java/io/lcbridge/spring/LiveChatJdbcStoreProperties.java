package io.lcbridge.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The JDBC chat-context store ({@code livechat.webhook.store=jdbc}), bound to {@code livechat.webhook.jdbc.*}.
 *
 * @param initializeSchema When the store creates its table (with the schema script of the database, if the table is absent): embedded (only on an embedded in-memory database such as H2's jdbc:h2:mem:, Spring Boot's spring.sql.init.mode convention), always, or never (the application's migrations own it: Flyway location classpath:META-INF/lcbridge/flyway/{vendor}, or the scripts under META-INF/lcbridge/schema/).
 */
@ConfigurationProperties("livechat.webhook.jdbc")
public record LiveChatJdbcStoreProperties(
        @DefaultValue("embedded") InitializeSchema initializeSchema) {

    /** When the JDBC store creates its table. */
    public enum InitializeSchema {
        /** Only on an embedded in-memory database (H2, HSQLDB, Derby in memory). */
        EMBEDDED,
        /** On any database, when the table is absent. */
        ALWAYS,
        /** Never: the application creates the table (Flyway, Liquibase, a DBA). */
        NEVER
    }
}
