// Test defaults, set before any module reads the environment (DATABASE_URL and QUEUE_PREFIX come from global setup).
process.env.ADMIN_API_KEY ??= 'test-admin-key-0123456789';
process.env.LOG_LEVEL ??= 'error';
process.env.OUTBOX_POLL_MS ??= '50';
process.env.JOB_BACKOFF_MS ??= '50';
process.env.JOB_ATTEMPTS ??= '3';
process.env.LEASE_SWEEP_MS ??= '100';
process.env.WEBHOOK_RETRY_DELAYS ??= '50,100,200';
// Rate limits far above what any suite sends (the rate-limit suite sets its own, low ones).
process.env.RATE_LIMIT_PER_KEY ??= '1000000';
process.env.RATE_LIMIT_PER_NEWSROOM ??= '1000000';
// In-process workers (and the entrypoints tests spawn) deliver on their own loop, with the test's providers;
// test/e2e/webhook-thread.e2e-spec.ts runs the default layout, the webhook thread.
process.env.WEBHOOK_DELIVERY_THREAD ??= 'false';
