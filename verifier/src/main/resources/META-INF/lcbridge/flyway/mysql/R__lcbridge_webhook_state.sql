-- LiveChat Identity Bridge: the table of JdbcChatContextStore on MySQL (5.7 or later, InnoDB). Idempotent.
-- state_key: "c|chat|thread" (a chat context), "d|delivery key" (a delivery), "b|jti" (a token binding);
-- a binary collation, so keys differing only in case are different keys (the default collation ignores case).
-- state: CONTEXT, CLAIMED, DONE or BOUND; data: the context as JSON or the bound customer id;
-- updated_at: epoch milliseconds (reception time; a binding: the token's exp), read by the purge.
CREATE TABLE IF NOT EXISTS lcbridge_webhook_state (
  state_key  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  state      VARCHAR(16)  NOT NULL,
  data       MEDIUMTEXT   CHARACTER SET utf8mb4,
  updated_at BIGINT       NOT NULL,
  INDEX lcbridge_webhook_state_updated (updated_at)
) ENGINE = InnoDB;
