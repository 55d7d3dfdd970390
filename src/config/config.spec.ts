import { ConfigError, DEVELOPMENT_WEBHOOK_SECRET_KEYS, defaultExtractionThreads, loadConfig, parseDelays } from './config';

const PRODUCTION_KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;

describe('loadConfig', () => {
  it('has documented defaults for every variable', () => {
    const config = loadConfig({ NODE_ENV: 'development' }, 0.42);
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/claimflow',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      queuePrefix: '{claimflow}',
      checkworthyThreshold: 0.42,
      reviewLeaseSeconds: 300,
      webhookAllowPrivateNetworks: false,
      webhookRetryDelaysMs: [5000, 300000, 1800000, 7200000, 18000000, 36000000, 36000000],
    });
  });

  it.each([
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://x'],
    ['PORT', '70000'],
    ['PORT', 'eighty'],
    ['ADMIN_API_KEY', 'short'],
    ['QUEUE_PREFIX', 'a:b'],
    ['CHECKWORTHY_THRESHOLD', '1.5'],
    ['CHECKWORTHY_THRESHOLD', 'high'],
    ['REVIEW_LEASE_SECONDS', '0'],
    ['WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'maybe'],
    ['WEBHOOK_RETRY_DELAYS', '5s,10s'],
    ['REDIS_URL', 'redis+cluster://'],
    ['REDIS_URL', 'redis+cluster://a:1,b'],
    ['REDIS_URL', 'redis+cluster://a:1/2'],
    ['JOB_STALLED_CHECK_MS', '999999'],
    ['IDEMPOTENCY_KEY_RETENTION_HOURS', '12'],
    ['EXTRACTION_THREADS', '0'],
    ['EXTRACTION_TIME_LIMIT_MS', 'soon'],
    ['MAX_CLAIMS_PER_ARTICLE', '0'],
    ['RATE_LIMIT_PER_KEY', '-1'],
    ['DB_STATEMENT_TIMEOUT_MS', '1.5'],
    ['TRUST_PROXY', 'every"one'],
    ['ALLOW_DEV_ADMIN_KEY', 'perhaps'],
  ])('names %s when it is invalid (%s)', (name, value) => {
    expect(() => loadConfig({ NODE_ENV: 'development', [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', [name]: value })).toThrow(name);
  });

  it('accepts the development admin key only with an explicit development opt-in', () => {
    expect(() => loadConfig({})).toThrow(/ADMIN_API_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ADMIN_API_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'staging', ADMIN_API_KEY: 'dev-admin-key-change-me' })).toThrow(/ADMIN_API_KEY/);
    expect(loadConfig({ NODE_ENV: 'development' }).adminApiKey).toBe('dev-admin-key-change-me');
    expect(loadConfig({ ALLOW_DEV_ADMIN_KEY: 'true' }).adminApiKey).toBe('dev-admin-key-change-me');
    expect(
      loadConfig({ NODE_ENV: 'production', ADMIN_API_KEY: 'a-long-production-key', WEBHOOK_SECRET_KEYS: PRODUCTION_KEYS }).adminApiKey,
    ).toBe('a-long-production-key');
  });

  it('needs WEBHOOK_SECRET_KEYS outside development and test, and validates it everywhere', () => {
    const production = { NODE_ENV: 'production', ADMIN_API_KEY: 'a-long-production-key' };
    expect(() => loadConfig(production)).toThrow(/WEBHOOK_SECRET_KEYS must be set when NODE_ENV=production/);
    expect(() => loadConfig({ ...production, NODE_ENV: 'staging' })).toThrow(/WEBHOOK_SECRET_KEYS/);
    const ring = loadConfig({ ...production, WEBHOOK_SECRET_KEYS: PRODUCTION_KEYS }).webhookSecretKeys;
    expect(ring.primaryId).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadConfig({ NODE_ENV, ADMIN_API_KEY: 'a-long-test-admin-key' }).webhookSecretKeys.primaryId).toBe(
        DEVELOPMENT_WEBHOOK_SECRET_KEYS.split(':')[0],
      );
    }
    for (const bad of ['nokey', 'k1:short', `k1:${Buffer.alloc(16).toString('base64')}`, 'bad id:AAAA', `k1:${'!'.repeat(44)}`]) {
      expect(() => loadConfig({ NODE_ENV: 'development', WEBHOOK_SECRET_KEYS: bad })).toThrow(/^WEBHOOK_SECRET_KEYS /);
    }
    const key = Buffer.alloc(32, 3).toString('base64');
    expect(() => loadConfig({ NODE_ENV: 'development', WEBHOOK_SECRET_KEYS: `a:${key},a:${key}` })).toThrow(/appears twice/);
  });

  it('accepts a Redis Cluster as seed nodes, with a hash-tagged prefix only', () => {
    expect(loadConfig({ NODE_ENV: 'development', REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7001' }).redisUrl).toBe(
      'redis+cluster://10.0.0.1:7000,10.0.0.2:7001',
    );
    expect(() => loadConfig({ NODE_ENV: 'development', REDIS_URL: 'redis+cluster://10.0.0.1:7000', QUEUE_PREFIX: 'claimflow' })).toThrow(
      /QUEUE_PREFIX.*hash tag/,
    );
  });

  it('bounds crash recovery: the stalled check runs at least as often as a lock lapses', () => {
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ jobLockMs: 15000, jobStalledCheckMs: 5000 });
    expect(() => loadConfig({ NODE_ENV: 'development', JOB_LOCK_MS: '1000', JOB_STALLED_CHECK_MS: '2000' })).toThrow(
      /JOB_STALLED_CHECK_MS/,
    );
    expect(loadConfig({ NODE_ENV: 'development', JOB_LOCK_MS: '3000' }).jobStalledCheckMs).toBe(3000);
  });

  it('consumes every queue unless WORKER_QUEUES names some, and refuses unknown names', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).workerQueues).toEqual(['extraction', 'verification', 'webhooks']);
    expect(loadConfig({ NODE_ENV: 'development', WORKER_QUEUES: ' Webhooks ' }).workerQueues).toEqual(['webhooks']);
    expect(loadConfig({ NODE_ENV: 'development', WORKER_QUEUES: 'verification,extraction' }).workerQueues).toEqual([
      'extraction',
      'verification',
    ]);
    expect(() => loadConfig({ NODE_ENV: 'development', WORKER_QUEUES: 'webhooks,email' })).toThrow(/WORKER_QUEUES.*"webhooks,email"/);
    expect(() => loadConfig({ NODE_ENV: 'development', WORKER_QUEUES: ',' })).toThrow(/WORKER_QUEUES/);
  });

  it('trusts a proxy only when told to', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('parses retry delays', () => {
    expect(parseDelays('X', '50, 100,200')).toEqual([50, 100, 200]);
    expect(() => parseDelays('X', '')).toThrow(ConfigError);
  });

  it('leaves one core to the main thread when EXTRACTION_THREADS is unset, with one thread at least and two at most', () => {
    expect([1, 2, 3, 4, 64].map(defaultExtractionThreads)).toEqual([1, 1, 2, 2, 2]);
    expect(loadConfig({ NODE_ENV: 'development', EXTRACTION_THREADS: '3' }, 0.42).extractionThreads).toBe(3);
  });
});
