import { Webhook } from 'standardwebhooks';
import { generateSecret, signature, signedHeaders } from './webhook-signature';

const body = JSON.stringify({ type: 'article.completed', timestamp: '2026-01-01T00:00:00.000Z', data: { articleId: 'a1' } });

describe('Standard Webhooks signing', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('produces headers the standardwebhooks package verifies, and a tampered body fails', () => {
    const secret = generateSecret();
    const headers = signedHeaders([secret], 'msg_1', body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('a1', 'a2'), { ...headers })).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it('matches the reference implementation byte for byte', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const at = new Date(1_700_000_000_000);
    expect(signature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1_700_000_000, body)).toBe(
      new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at, body),
    );
  });

  it('signs with both secrets during a rotation; either verifies', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const headers = signedHeaders([current, previous], 'msg_2', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
  });
});
