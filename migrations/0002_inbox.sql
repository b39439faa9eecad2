-- The agents' inbox. Each session object writes what the inbox shows into its row, off the
-- hot path; `state_version` is the object's own change counter, so a write that arrives late
-- or twice never overwrites newer state.
ALTER TABLE sessions ADD COLUMN last_message TEXT;
ALTER TABLE sessions ADD COLUMN last_message_at INTEGER;
ALTER TABLE sessions ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN freezed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN state_version INTEGER NOT NULL DEFAULT 0;

-- Where each session stood in the inbox, in the order D1 learnt it. The inbox is read
-- through these rows: a walk through its pages reads every session at the position it held
-- when the walk began, so a session that moves up meanwhile is neither skipped nor repeated.
-- `activity_at` is in microseconds; `recorded_at` in seconds.
CREATE TABLE inbox_positions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  activity_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
);

CREATE INDEX inbox_positions_by_client
  ON inbox_positions (client_id, activity_at DESC, session_id DESC);
CREATE INDEX inbox_positions_by_session ON inbox_positions (session_id, seq);

INSERT INTO inbox_positions (session_id, client_id, activity_at, recorded_at)
  SELECT session_id, client_id, created_at * 1000, unixepoch() FROM sessions;

CREATE TRIGGER inbox_position_of_new_session AFTER INSERT ON sessions
BEGIN
  INSERT INTO inbox_positions (session_id, client_id, activity_at, recorded_at)
    VALUES (NEW.session_id, NEW.client_id, NEW.created_at * 1000, unixepoch());
END;

-- A newer message moves the session up. Positions superseded for longer than a walk may
-- last (15 minutes, as the cursor says) are no longer needed and are dropped.
CREATE TRIGGER inbox_position_of_activity AFTER UPDATE OF last_message_at ON sessions
  WHEN NEW.last_message_at > coalesce(OLD.last_message_at, 0)
BEGIN
  INSERT INTO inbox_positions (session_id, client_id, activity_at, recorded_at)
    VALUES (NEW.session_id, NEW.client_id, NEW.last_message_at, unixepoch());
  DELETE FROM inbox_positions
    WHERE session_id = NEW.session_id
      AND seq < (SELECT max(seq) FROM inbox_positions
                 WHERE session_id = NEW.session_id AND recorded_at <= unixepoch() - 900);
END;
