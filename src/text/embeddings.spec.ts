import { clusterWords, embeddingTokens, sentenceEmbedding, symmetricEigen, trainEmbeddings } from './embeddings';

const cosine = (e: ReturnType<typeof trainEmbeddings>, a: string, b: string): number => {
  const [i, j] = [e.index.get(a)!, e.index.get(b)!];
  let s = 0;
  for (let k = 0; k < e.dim; k++) s += e.vectors[i * e.dim + k] * e.vectors[j * e.dim + k];
  return s;
};

/** Two topics whose words share contexts only within a topic. */
function corpus(): string[] {
  const texts: string[] = [];
  const economy = ['taxes', 'jobs', 'wages', 'budget'];
  const war = ['troops', 'soldiers', 'missiles', 'tanks'];
  for (let i = 0; i < 40; i++) {
    texts.push(`the government raised ${economy[i % 4]} and cut ${economy[(i + 1) % 4]} for families this year`);
    texts.push(`the army sent ${war[i % 4]} and more ${war[(i + 2) % 4]} across the border at night`);
  }
  return texts;
}

describe('embeddings', () => {
  it('tokenises words lower-cased and numbers by shape', () => {
    expect(embeddingTokens('Obama’s 2012 plan cut 3.5 percent of 12,000 jobs, 7 times')).toEqual([
      "obama's",
      '<year>',
      'plan',
      'cut',
      '<dec>',
      'percent',
      'of',
      '<bignum>',
      'jobs',
      '<num>',
      'times',
    ]);
  });

  it('finds the eigenvalues of a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect([...values].sort((a, b) => a - b).map((v) => Number(v.toFixed(9)))).toEqual([1, 3, 5]);
    // A v = λ v for each column
    const a = [2, 1, 0, 1, 2, 0, 0, 0, 5];
    for (let c = 0; c < 3; c++)
      for (let r = 0; r < 3; r++) {
        const av = a[r * 3] * vectors[c] + a[r * 3 + 1] * vectors[3 + c] + a[r * 3 + 2] * vectors[6 + c];
        expect(av).toBeCloseTo(values[c] * vectors[r * 3 + c], 9);
      }
  });

  it('puts words of the same contexts closer than words of other contexts, the same way every time', () => {
    const e = trainEmbeddings(corpus(), { dim: 4, minCount: 2, oversample: 4 });
    expect(cosine(e, 'taxes', 'wages')).toBeGreaterThan(cosine(e, 'taxes', 'troops') + 0.3);
    expect(cosine(e, 'soldiers', 'tanks')).toBeGreaterThan(cosine(e, 'soldiers', 'budget') + 0.3);
    const again = trainEmbeddings(corpus(), { dim: 4, minCount: 2, oversample: 4 });
    expect([...again.vectors]).toEqual([...e.vectors]);
    const v = sentenceEmbedding(e, 'They cut taxes.');
    expect(v).toHaveLength(4);
    expect(Math.hypot(...v)).toBeGreaterThan(0);
    expect([...sentenceEmbedding(e, 'Nothing known here')]).toEqual([0, 0, 0, 0]);
  });

  it('clusters the words of a topic together', () => {
    const e = trainEmbeddings(corpus(), { dim: 4, minCount: 2, oversample: 4 });
    const clusters = clusterWords(e, 2, 7);
    const of = (w: string): number => clusters[e.index.get(w)!];
    expect(of('taxes')).toBe(of('wages'));
    expect(of('troops')).toBe(of('missiles'));
    expect(of('taxes')).not.toBe(of('troops'));
  });
});
