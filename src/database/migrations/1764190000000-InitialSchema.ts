import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await db.query(`
      CREATE TABLE newsrooms (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE reviewers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        languages text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('admin', 'newsroom', 'reviewer')),
        owner_id uuid NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX api_keys_owner_idx ON api_keys (owner_id, created_at)`);

    await db.query(`
      CREATE TABLE articles (
        id uuid PRIMARY KEY,
        newsroom_id uuid NOT NULL REFERENCES newsrooms(id),
        status text NOT NULL,
        title text,
        url text,
        language text,
        external_id text,
        published_at timestamptz,
        metadata jsonb,
        urgency real NOT NULL DEFAULT 0,
        source_format text NOT NULL,
        text text NOT NULL,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX articles_newsroom_created_idx ON articles (newsroom_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX articles_newsroom_status_created_idx ON articles (newsroom_id, status, created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE article_events (
        id bigserial PRIMARY KEY,
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX article_events_article_idx ON article_events (article_id, id)`);

    // The FK is deferred so the key row can be inserted first: it is the lock that makes
    // concurrent identical requests wait for the first one instead of racing it.
    await db.query(`
      CREATE TABLE idempotency_keys (
        newsroom_id uuid NOT NULL REFERENCES newsrooms(id),
        key text NOT NULL,
        request_hash text NOT NULL,
        article_id uuid NOT NULL REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (newsroom_id, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    await db.query(`
      CREATE TABLE claims (
        id uuid PRIMARY KEY,
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        newsroom_id uuid NOT NULL REFERENCES newsrooms(id),
        seq integer NOT NULL,
        text text NOT NULL,
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        checkworthiness real NOT NULL,
        language text NOT NULL,
        context_before text,
        context_after text,
        status text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        verdict_rating text,
        verdict_summary text,
        verdict_reviewer_id uuid,
        verdict_decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (article_id, seq)
      )`);
    await db.query(`CREATE INDEX claims_status_idx ON claims (status)`);
    await db.query(`
      CREATE TABLE claim_events (
        id bigserial PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        version integer NOT NULL,
        actor_id uuid,
        reason text,
        at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (claim_id, version)
      )`);
    await db.query(`
      CREATE TABLE evidence (
        id uuid PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        url text,
        title text,
        excerpt text,
        stance text NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
        source text NOT NULL,
        score real,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX evidence_claim_idx ON evidence (claim_id, created_at)`);

    await db.query(`
      CREATE TABLE review_tasks (
        id uuid PRIMARY KEY,
        claim_id uuid NOT NULL UNIQUE REFERENCES claims(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
        priority real NOT NULL,
        language text NOT NULL,
        assignee_id uuid,
        lease_token uuid,
        lease_expires_at timestamptz,
        suggestions jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX review_tasks_open_idx ON review_tasks (priority DESC, created_at, id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX review_tasks_lease_idx ON review_tasks (lease_expires_at) WHERE status = 'claimed'`);
    await db.query(`CREATE INDEX review_tasks_status_idx ON review_tasks (status, priority DESC, id)`);

    await db.query(`
      CREATE TABLE fact_checks (
        id uuid PRIMARY KEY,
        claim_text text NOT NULL,
        rating text NOT NULL,
        url text,
        publisher text,
        language text,
        reviewed_at timestamptz,
        added_by uuid,
        source_claim_id uuid UNIQUE,
        claim_review jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX fact_checks_trgm_idx ON fact_checks USING gin (claim_text gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX outbox_available_idx ON outbox (available_at, id)`);
    // Wakes the relay at commit time; it also polls, so a lost notification only costs latency.
    await db.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('claimflow_outbox', ''); RETURN NULL; END $$`);
    await db.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);

    await db.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        newsroom_id uuid NOT NULL REFERENCES newsrooms(id),
        url text NOT NULL,
        description text,
        events text[] NOT NULL,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        disabled_at timestamptz,
        disabled_reason text,
        failing_since timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_endpoints_newsroom_idx ON webhook_endpoints (newsroom_id) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE TABLE webhook_events (
        id text PRIMARY KEY,
        newsroom_id uuid NOT NULL REFERENCES newsrooms(id),
        type text NOT NULL,
        body text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        event_id text NOT NULL REFERENCES webhook_events(id),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        round integer NOT NULL DEFAULT 1,
        round_attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, endpoint_id)
      )`);
    await db.query(`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'webhook_deliveries',
      'webhook_events',
      'webhook_endpoints',
      'outbox',
      'fact_checks',
      'review_tasks',
      'evidence',
      'claim_events',
      'claims',
      'idempotency_keys',
      'article_events',
      'articles',
      'api_keys',
      'reviewers',
      'newsrooms',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await db.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }
}
