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
  ])('names %s when it is invalid (%s)', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('refuses the development admin key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ADMIN_API_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', ADMIN_API_KEY: 'a-long-production-key' }).adminApiKey).toBe('a-long-production-key');
  });

  it('parses retry delays', () => {
    expect(parseDelays('X', '50, 100,200')).toEqual([50, 100, 200]);
    expect(() => parseDelays('X', '')).toThrow(ConfigError);
  });
});
