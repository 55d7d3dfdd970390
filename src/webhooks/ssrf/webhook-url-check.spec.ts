import { checkWebhookUrl, type ResolveHost } from './webhook-url-check';

const publicDns: ResolveHost = async () => ['93.184.216.34'];
const refuse = { allowPrivateNetworks: false, resolve: publicDns };

describe('checkWebhookUrl', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://0177.0.0.1/hook',
    'http://0x7f000001/hook',
    'http://0.0.0.0/hook',
    'http://0/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:7f00:1]/hook',
    'http://10.1.2.3:8080/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://100.64.1.1/',
    'https://192.168.0.10/',
    'http://[::]/',
  ])('refuses the non-global literal %s', async (url) => {
    const check = await checkWebhookUrl(url, refuse);
    expect(check.ok).toBe(false);
  });

  it('accepts them when private networks are allowed', async () => {
    await expect(checkWebhookUrl('http://127.1:8080/hook', { allowPrivateNetworks: true })).resolves.toEqual({
      ok: true,
      url: 'http://127.0.0.1:8080/hook',
    });
  });

  it('refuses a host that resolves to any non-global address', async () => {
    const rebinding: ResolveHost = async () => ['93.184.216.34', '10.0.0.5'];
    const check = await checkWebhookUrl('https://hooks.example.org/x', { allowPrivateNetworks: false, resolve: rebinding });
    // The host is named as not allowed; the address it resolved to (and its kind) is never shown.
    expect(check).toEqual({ ok: false, reason: 'url host hooks.example.org is not allowed (it resolves to a non-public address)' });
    for (const resolved of [['127.0.0.1'], ['169.254.169.254'], ['fd00::1'], ['::ffff:10.0.0.1']]) {
      const refused = await checkWebhookUrl('https://internal.example.org/x', {
        allowPrivateNetworks: false,
        resolve: async () => resolved,
      });
      expect(refused.ok).toBe(false);
      const reason = (refused as { reason: string }).reason;
      expect(reason).not.toContain(resolved[0]);
      expect(reason).not.toMatch(/loopback|private|link-local|mapped/);
    }
  });

  it('accepts a public host', async () => {
    await expect(checkWebhookUrl('https://hooks.example.org/x?y=1', refuse)).resolves.toEqual({
      ok: true,
      url: 'https://hooks.example.org/x?y=1',
    });
  });

  it('refuses an unresolvable host, and one whose DNS does not answer in time', async () => {
    const failing: ResolveHost = async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    };
    expect((await checkWebhookUrl('https://nowhere.invalid/', { allowPrivateNetworks: false, resolve: failing })).ok).toBe(false);
    const silent: ResolveHost = () => new Promise(() => undefined);
    // On a fake clock: the check answers once its 50 ms have passed, not before, whatever the load on the box.
    jest.useFakeTimers();
    try {
      let check: Awaited<ReturnType<typeof checkWebhookUrl>> | null = null;
      void checkWebhookUrl('https://slow.example/', { allowPrivateNetworks: false, resolve: silent, dnsTimeoutMs: 50 }).then(
        (answer) => (check = answer),
      );
      await jest.advanceTimersByTimeAsync(49);
      expect(check).toBeNull();
      await jest.advanceTimersByTimeAsync(1);
      expect(check).toEqual({ ok: false, reason: expect.stringContaining('no DNS answer') });
    } finally {
      jest.useRealTimers();
    }
  });

  it.each(['ftp://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.org/'])(
    'refuses %s',
    async (url) => {
      expect((await checkWebhookUrl(url, refuse)).ok).toBe(false);
    },
  );

  it('checks localhost through DNS like any name', async () => {
    expect((await checkWebhookUrl('http://localhost:3000/', { allowPrivateNetworks: false })).ok).toBe(false);
  });
});
