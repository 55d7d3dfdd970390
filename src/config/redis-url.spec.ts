import { parseRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('reads one server with credentials, database and TLS', () => {
    expect(parseRedisUrl('rediss://user:p%40ss@cache.example:6380/2')).toEqual({
      kind: 'single',
      nodes: [{ host: 'cache.example', port: 6380 }],
      username: 'user',
      password: 'p@ss',
      tls: true,
      db: 2,
    });
    expect(parseRedisUrl('redis://[::1]').nodes).toEqual([{ host: '::1', port: 6379 }]);
  });

  it('reads the seed nodes of a cluster', () => {
    expect(parseRedisUrl('redis+cluster://:secret@10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002/')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: undefined,
      password: 'secret',
      tls: false,
      db: 0,
    });
    expect(parseRedisUrl('rediss+cluster://a:1').tls).toBe(true);
  });

  it.each([
    'redis+cluster://',
    'redis+cluster://a',
    'redis+cluster://a:1,',
    'redis+cluster://a:1/0',
    'redis+cluster://a:99999',
    'http://x',
    'redis://x/db',
  ])('refuses %s', (url) => {
    expect(() => parseRedisUrl(url)).toThrow();
  });
});
