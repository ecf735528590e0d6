-- The event store's tables. Flyway runs this with the store's schema first on the search path.

-- Positions are handed out one at a time in increasing order across all sessions (CACHE 1): the
-- gap rule of readers depends on it (see PostgresEventStore). Do not raise the cache.
CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY
    (SEQUENCE NAME events_position_seq MINVALUE 0 START WITH 0 CACHE 1 NO CYCLE),
  stream   text        NOT NULL,
  version  bigint      NOT NULL,
  id       text        NOT NULL,
  type     text        NOT NULL,
  data     bytea       NOT NULL,
  metadata jsonb       NOT NULL DEFAULT '{}',
  recorded timestamptz NOT NULL DEFAULT now(),
  -- the transaction that appended the row, for operators tracing an append
  txid     xid8        NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT events_pkey PRIMARY KEY (position),
  -- decides between concurrent appends to one stream, and serves reads by stream
  CONSTRAINT events_stream_version UNIQUE (stream, version),
  CONSTRAINT events_id UNIQUE (id)
);

CREATE TABLE checkpoints (
  name          text        NOT NULL,
  next_position bigint      NOT NULL,
  updated       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT checkpoints_pkey PRIMARY KEY (name)
);
