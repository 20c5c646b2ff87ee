-- LiveChat Identity Bridge: the table of JdbcChatContextStore on PostgreSQL (9.5 or later). Idempotent.
-- state_key: "c|chat|thread" (a chat context), "d|delivery key" (a delivery), "b|jti" (a token binding)
-- state: CONTEXT, CLAIMED, DONE or BOUND; data: the context as JSON or the bound customer id;
-- updated_at: epoch milliseconds (reception time; a binding: the token's exp), read by the purge.
CREATE TABLE IF NOT EXISTS lcbridge_webhook_state (
  state_key  VARCHAR(255) NOT NULL PRIMARY KEY,
  state      VARCHAR(16)  NOT NULL,
  data       TEXT,
  updated_at BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS lcbridge_webhook_state_updated ON lcbridge_webhook_state (updated_at);
