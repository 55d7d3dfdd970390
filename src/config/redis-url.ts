/** What a REDIS_URL names: one server, or the seed nodes of a Redis Cluster. Pure: no client code. */
export interface RedisTarget {
  kind: 'single' | 'cluster';
  /** One entry for a single server; the seed nodes (at least one) for a cluster. */
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
  /** Always 0 on a cluster. */
  db: number;
}

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#@]*)\/?$/i;
const NODE = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/]+):(\d{1,5})$/;

/**
 * Parses `redis://[user:password@]host:port[/db]`, `rediss://…` (TLS), or
 * `redis+cluster://[user:password@]host:port,host:port,...` (`rediss+cluster://` for TLS), the seed
 * nodes of a Redis Cluster. Throws an Error saying what is wrong.
 */
export function parseRedisUrl(raw: string): RedisTarget {
  if (/^rediss?\+cluster:/i.test(raw)) {
    const match = CLUSTER_URL.exec(raw);
    if (!match) throw new Error('a cluster URL is redis+cluster://host:port,host:port,... (no database number, path or query)');
    const [, scheme, credentials, hosts] = match;
    const nodes = hosts.split(',').map((entry) => {
      const node = NODE.exec(entry.trim());
      if (!node || Number(node[2]) < 1 || Number(node[2]) > 65535) throw new Error(`cluster node "${entry}" must be host:port`);
      return { host: node[1].replace(/^\[|\]$/g, ''), port: Number(node[2]) };
    });
    const separator = credentials?.indexOf(':') ?? -1;
    const username = credentials ? (separator < 0 ? credentials : credentials.slice(0, separator)) : '';
    const password = credentials && separator >= 0 ? credentials.slice(separator + 1) : '';
    return {
      kind: 'cluster',
      nodes,
      username: username ? decodeURIComponent(username) : undefined,
      password: password ? decodeURIComponent(password) : undefined,
      tls: scheme.toLowerCase() === 'rediss',
      db: 0,
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`not a URL: "${raw}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`must use redis:, rediss:, redis+cluster: or rediss+cluster:, got "${url.protocol}"`);
  }
  const dbText = url.pathname.length > 1 ? url.pathname.slice(1) : '0';
  if (!/^\d+$/.test(dbText)) throw new Error(`the database number must be a non-negative integer, got "${dbText}"`);
  return {
    kind: 'single',
    nodes: [{ host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 6379 }],
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:',
    db: Number(dbText),
  };
}
