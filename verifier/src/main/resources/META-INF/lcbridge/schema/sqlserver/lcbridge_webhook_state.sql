-- LiveChat Identity Bridge: the table of JdbcChatContextStore on Microsoft SQL Server (2016 or later). Idempotent.
-- state_key: "c|chat|thread" (a chat context), "d|delivery key" (a delivery), "b|jti" (a token binding);
-- a binary collation, so keys differing only in case are different keys (the default collation ignores case).
-- state: CONTEXT, CLAIMED, DONE or BOUND; data: the context as JSON or the bound customer id;
-- updated_at: epoch milliseconds (reception time; a binding: the token's exp), read by the purge.
IF OBJECT_ID(N'lcbridge_webhook_state', N'U') IS NULL
BEGIN
  CREATE TABLE lcbridge_webhook_state (
    state_key  NVARCHAR(255) COLLATE Latin1_General_BIN2 NOT NULL PRIMARY KEY,
    state      VARCHAR(16)   NOT NULL,
    data       NVARCHAR(MAX),
    updated_at BIGINT        NOT NULL
  )
  CREATE INDEX lcbridge_webhook_state_updated ON lcbridge_webhook_state (updated_at)
END;
