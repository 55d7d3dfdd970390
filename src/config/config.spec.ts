import { ConfigError, loadConfig, parseDelays } from './config';

describe('loadConfig', () => {
  it('has documented defaults for every variable', () => {
    const config = loadConfig({}, 0.42);
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
  ])('names %s when it is invalid (%s)', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('refuses the development admin key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ADMIN_API_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', ADMIN_API_KEY: 'a-long-production-key' }).adminApiKey).toBe('a-long-production-key');
  });

  it('accepts a Redis Cluster as seed nodes, with a hash-tagged prefix only', () => {
    expect(loadConfig({ REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7001' }).redisUrl).toBe(
      'redis+cluster://10.0.0.1:7000,10.0.0.2:7001',
    );
    expect(() => loadConfig({ REDIS_URL: 'redis+cluster://10.0.0.1:7000', QUEUE_PREFIX: 'claimflow' })).toThrow(/QUEUE_PREFIX.*hash tag/);
  });

  it('bounds crash recovery: the stalled check runs at least as often as a lock lapses', () => {
    expect(loadConfig({})).toMatchObject({ jobLockMs: 15000, jobStalledCheckMs: 5000 });
    expect(() => loadConfig({ JOB_LOCK_MS: '1000', JOB_STALLED_CHECK_MS: '2000' })).toThrow(/JOB_STALLED_CHECK_MS/);
    expect(loadConfig({ JOB_LOCK_MS: '3000' }).jobStalledCheckMs).toBe(3000);
  });

  it('parses retry delays', () => {
    expect(parseDelays('X', '50, 100,200')).toEqual([50, 100, 200]);
    expect(() => parseDelays('X', '')).toThrow(ConfigError);
  });
});
