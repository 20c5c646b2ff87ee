/**
 * A real, throw-away PostgreSQL server for the JDBC tests: {@link io.lcbridge.testsupport.postgres.PostgresServer}.
 */
@NullMarked
package io.lcbridge.testsupport.postgres;

import org.jspecify.annotations.NullMarked;
