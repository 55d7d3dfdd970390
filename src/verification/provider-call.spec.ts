import type { ClaimRow } from '../workflow/claim.entity';
import type { EvidenceProvider } from './evidence-provider';
import { callProvider } from './provider-call';
import { parseGoogleClaims, reviewedClaims } from './providers/google-fact-check.provider';

const claim = { id: 'c', text: 'The unemployment rate doubled in 2023', language: 'en' } as ClaimRow;

describe('provider calls', () => {
  it('retries a failing provider, then reports the failure without throwing', async () => {
    let calls = 0;
    const provider: EvidenceProvider = {
      name: 'flaky',
      search: async () => {
        calls += 1;
        throw new Error('boom');
      },
    };
    const outcome = await callProvider(provider, claim, { timeoutMs: 100, retries: 2, retryDelayMs: 1 });
    expect(outcome).toEqual({ provider: 'flaky', ok: false, error: 'boom', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('abandons a provider that ignores its abort signal', async () => {
    const provider: EvidenceProvider = { name: 'slow', search: () => new Promise(() => undefined) };
    // The provider never settles, so an outcome at all means the call was abandoned (a hang fails on the
    // test's timeout); no wall-clock bound, which a loaded box could break.
    const outcome = await callProvider(provider, claim, { timeoutMs: 50, retries: 0 });
    expect(outcome).toMatchObject({ ok: false, error: 'timed out after 50 ms' });
  });

  it('succeeds on a retry', async () => {
    let calls = 0;
    const provider: EvidenceProvider = {
      name: 'second',
      search: async () => {
        calls += 1;
        if (calls === 1) throw new Error('once');
        return [];
      },
    };
    expect(await callProvider(provider, claim, { timeoutMs: 100, retries: 1, retryDelayMs: 1 })).toMatchObject({ ok: true, attempts: 2 });
  });
});

describe('Google Fact Check Tools answers', () => {
  it('maps each claimReview to a finding with a stance from its rating and the score of its claim, best match first', () => {
    const claims = reviewedClaims([
      { text: 'Bananas are blue', claimReview: [{ textualRating: 'True', url: 'https://a.example/1', publisher: { name: 'A' } }] },
      {
        text: 'Unemployment rate doubled in 2023',
        claimReview: [
          { textualRating: 'Mostly false', url: 'https://b.example/2', publisher: { name: 'B' }, title: 'No' },
          { url: 'https://x' },
        ],
      },
      { claimReview: [] },
    ]);
    expect(claims.map((item) => item.text)).toEqual(['Bananas are blue', 'Unemployment rate doubled in 2023']);
    const findings = parseGoogleClaims(claims, [0.01, 0.93]);
    expect(findings.map((finding) => [finding.suggestion.publisher, finding.stance])).toEqual([
      ['B', 'refutes'],
      ['A', 'supports'],
    ]);
    expect(findings.map((finding) => finding.score)).toEqual([0.93, 0.01]);
  });
});
