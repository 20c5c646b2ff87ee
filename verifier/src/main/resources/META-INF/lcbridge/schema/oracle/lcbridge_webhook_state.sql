-- LiveChat Identity Bridge: the table of JdbcChatContextStore on Oracle Database (12c or later). Idempotent:
-- ORA-00955 (name already used) means the table exists. One PL/SQL block, ended by the line "/".
-- state_key: "c|chat|thread" (a chat context), "d|delivery key" (a delivery), "b|jti" (a token binding)
-- state: CONTEXT, CLAIMED, DONE or BOUND; data: the context as JSON or the bound customer id;
-- updated_at: epoch milliseconds (reception time; a binding: the token's exp), read by the purge.
DECLARE
  already_exists EXCEPTION;
  PRAGMA EXCEPTION_INIT(already_exists, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE TABLE lcbridge_webhook_state (state_key VARCHAR2(255 CHAR) NOT NULL PRIMARY KEY, state VARCHAR2(16 CHAR) NOT NULL, data CLOB, updated_at NUMBER(19) NOT NULL)';
  EXECUTE IMMEDIATE 'CREATE INDEX lcbridge_webhook_state_updated ON lcbridge_webhook_state (updated_at)';
EXCEPTION
  WHEN already_exists THEN NULL;
END;
/
