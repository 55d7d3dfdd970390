import { bucketsFor } from './fixed-window';

describe('rate limit buckets', () => {
  const limits = { perKey: 10, perNewsroom: 30 };

  it('counts a newsroom key against itself and its newsroom', () => {
    expect(bucketsFor('{p}', { role: 'newsroom', ownerId: 'n1', keyId: 'k1' }, limits)).toEqual([
      { key: '{p}:rate:key:k1', limit: 10, scope: 'API key' },
      { key: '{p}:rate:newsroom:n1', limit: 30, scope: 'newsroom' },
    ]);
  });

  it('counts a reviewer key against itself only, and leaves the bootstrap admin key and zero limits out', () => {
    expect(bucketsFor('{p}', { role: 'reviewer', ownerId: 'r1', keyId: 'k2' }, limits)).toEqual([
      { key: '{p}:rate:key:k2', limit: 10, scope: 'API key' },
    ]);
    expect(bucketsFor('{p}', { role: 'admin', ownerId: null, keyId: null }, limits)).toEqual([]);
    expect(bucketsFor('{p}', { role: 'newsroom', ownerId: 'n1', keyId: 'k1' }, { perKey: 0, perNewsroom: 0 })).toEqual([]);
  });
});
