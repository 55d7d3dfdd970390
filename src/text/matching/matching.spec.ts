import {
  bm25Term,
  idf,
  impactOrder,
  MAX_RETRIEVAL_TERMS,
  POSTINGS_BUDGET,
  POSTINGS_PER_COMMON_TERM,
  POSTINGS_PER_TERM,
  postingsOf,
  retrievalTerms,
} from './bm25';
import { charNgramSimilarity, candidateFeatures, FEATURE_NAMES, prepareQuery, type CollectionView } from './features';
import { collectionView, rankCandidates } from './index';
import { canonicalNumbers, decodeHtmlEntities, normalizeForMatching, splitIdentifier, withoutSignature } from './normalize';
import { calibrated, fitPlatt, rankScore, sigmoid, standardisation, trainListwise, type TrainingList } from './ranker';
import { matchingTerms, queryTerms, termLanguage } from './terms';

describe('normalizeForMatching', () => {
  it('drops links and pic.twitter.com links, keeps the words around them', () => {
    expect(normalizeForMatching('Look https://t.co/yoEOL6vXBm and www.example.com/x pic.twitter.com/AbC123 now')).toBe('Look and now');
  });

  it('splits @handles and #hashtags into words', () => {
    expect(normalizeForMatching('#AustralianFires by @realDonaldTrump and #COVID19Vaccine')).toBe(
      'Australian Fires by real Donald Trump and COVID 19 Vaccine',
    );
    expect(splitIdentifier('NASA_Goddard')).toBe('NASA Goddard');
  });

  it('keeps the name and handle of an embedded tweet signature as words', () => {
    expect(normalizeForMatching('Unbelievable. — Paul Wilczynski (@PaulWilczynski) February 25, 2016')).toBe(
      'Unbelievable Paul Wilczynski Paul Wilczynski February 25 2016',
    );
  });

  it('takes the signature off an embedded tweet for the body, and leaves other texts alone', () => {
    expect(withoutSignature('Unbelievable. — Paul Wilczynski (@PaulWilczynski) February 25, 2016')).toBe('Unbelievable.');
    expect(withoutSignature('Quoted" — Jane Doe (@jane_doe) October 04, 19"')).toBe('Quoted"');
    expect(withoutSignature('The 2016 vote — as @jane said on February 25, 2016 — was rigged')).toBe(
      'The 2016 vote — as @jane said on February 25, 2016 — was rigged',
    );
    const { terms, bodyTerms } = queryTerms('Vaccines kill — Jane Doe (@JaneDoe) May 1, 2021', 'en');
    expect(bodyTerms).toEqual(matchingTerms('Vaccines kill', 'en'));
    expect(terms).toEqual(expect.arrayContaining([...bodyTerms, 'jane', 'doe']));
    const plain = queryTerms('Vaccines kill', 'en');
    expect(plain.bodyTerms).toBe(plain.terms);
  });

  it('decodes HTML entities and straightens curly quotes', () => {
    expect(decodeHtmlEntities('Tom &amp; Jerry &#39;x&#39; &#x1F600; &bogus;')).toBe("Tom & Jerry 'x' 😀 &bogus;");
    expect(normalizeForMatching('McDonald’s “fries” don’t &amp; won&#39;t')).toBe('McDonalds fries dont wont');
  });

  it('drops emoji and punctuation; a text of nothing else becomes empty', () => {
    expect(normalizeForMatching('😱🔥 !!! ... ??? 👉👉')).toBe('');
    expect(normalizeForMatching('Fire 🔥 season')).toBe('Fire season');
  });

  it('writes numbers in one comparable form', () => {
    expect(canonicalNumbers('4.2 million')).toBe('4200000');
    expect(canonicalNumbers('4,200,000')).toBe('4200000');
    expect(canonicalNumbers('$4.2m and 3bn and 2.5 billion')).toBe('$4200000 and 3000000000 and 2500000000');
    expect(canonicalNumbers('3.50 and 10 m and 7.0')).toBe('3.5 and 10 m and 7');
    expect(matchingTerms('4.2 million acres', 'en')).toEqual(matchingTerms('4,200,000 acres', 'en'));
  });

  it('finds no terms in 2,000 characters of emoji, links and punctuation', () => {
    const noise = '😀🔥 https://x.co/abc?d=1 pic.twitter.com/Zz9 &amp; ...!? '.repeat(40);
    expect(matchingTerms(noise, 'en')).toEqual([]);
  });
});

describe('matchingTerms', () => {
  it('stems English with Porter and drops stop words', () => {
    expect(matchingTerms('The vaccines were causing infertility in women', 'en')).toEqual(['vaccin', 'caus', 'infertil', 'women']);
  });

  it('stems other languages with their Snowball stemmer, and folds accents after stemming', () => {
    expect(matchingTerms('El desempleo se duplicó', 'es-ES')).toEqual(matchingTerms('el desempleo se duplico', 'es'));
  });

  it('falls back to folded words for a language without a stemmer', () => {
    expect(matchingTerms('Ψηφοφορία ΣΉΜΕΡΑ', 'el')).toEqual(['ψηφοφορια', 'σημερα']);
    expect(matchingTerms('Hello Worlds', 'x-klingon')).toEqual(['hello', 'worlds']);
  });

  it('detects the language when none is given', () => {
    expect(termLanguage(null, 'The unemployment rate in the country doubled over the last two years')).toBe('en');
    expect(termLanguage('pt-BR', 'anything')).toBe('pt');
  });
});

describe('BM25', () => {
  it('gives rare terms more weight and saturates term frequency', () => {
    expect(idf(1, 1000)).toBeGreaterThan(idf(100, 1000));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
    const once = bm25Term(1, 10, 10, 2);
    expect(bm25Term(2, 10, 10, 2)).toBeGreaterThan(once);
    expect(bm25Term(2, 10, 10, 2)).toBeLessThan(2 * once);
    expect(bm25Term(1, 40, 10, 2)).toBeLessThan(once);
    expect(bm25Term(0, 10, 10, 2)).toBe(0);
    expect(impactOrder(1, 5)).toBeGreaterThan(impactOrder(1, 50));
  });

  it('counts postings per distinct term, in term order', () => {
    expect(postingsOf(['b', 'a', 'b'])).toEqual([
      { term: 'a', tf: 1 },
      { term: 'b', tf: 2 },
    ]);
  });

  it('reads rare terms first and in full, common terms only their highest-impact postings', () => {
    const df = new Map([
      ['rare', 3],
      ['mid', 5000],
      ['common', 400_000],
    ]);
    expect(retrievalTerms(['common', 'rare', 'unknown', 'mid', 'rare'], df, 1_000_000)).toEqual([
      { term: 'rare', weight: idf(3, 1_000_000), postings: 3 },
      { term: 'mid', weight: idf(5000, 1_000_000), postings: POSTINGS_PER_TERM },
      { term: 'common', weight: idf(400_000, 1_000_000), postings: POSTINGS_PER_COMMON_TERM },
    ]);
  });

  it('bounds the postings a query reads, whatever its length', () => {
    const terms = Array.from({ length: 300 }, (_, i) => `t${i}`);
    const chosen = retrievalTerms(terms, new Map(terms.map((term, i) => [term, 5000 + i])), 1_000_000);
    expect(chosen.length).toBeLessThanOrEqual(MAX_RETRIEVAL_TERMS);
    expect(chosen.reduce((sum, term) => sum + term.postings, 0)).toBeLessThanOrEqual(POSTINGS_BUDGET);
    expect(chosen[0].term).toBe('t0');
    expect(retrievalTerms([], new Map(), 0)).toEqual([]);
  });
});

const collection: CollectionView = collectionView({
  documents: 1000,
  averageLength: 12,
  averageTitleLength: 5,
  averageClaimLength: 7,
  documentFrequency: new Map([
    ['vaccin', 50],
    ['infertil', 3],
    ['women', 80],
    ['moon', 10],
    ['land', 40],
    ['fake', 60],
  ]),
});

function candidate(title: string, claimText: string) {
  return { title, claimText, titleTerms: matchingTerms(title, 'en'), claimTerms: matchingTerms(claimText, 'en') };
}

describe('features and ranking', () => {
  const query = 'BREAKING: vaccines cause infertility in women!!! https://t.co/x #VaccinesKill';
  const candidates = [
    candidate('Was the Moon Landing Faked?', 'The moon landing was staged.'),
    candidate('Do Vaccines Cause Infertility?', 'COVID-19 vaccines cause infertility in women.'),
  ];

  it('computes every feature, finite, for each candidate', () => {
    const features = candidateFeatures(prepareQuery(query, matchingTerms(query, 'en'), collection), candidates, collection);
    expect(features).toHaveLength(2);
    for (const row of features) {
      expect(row).toHaveLength(FEATURE_NAMES.length);
      for (const value of row) expect(Number.isFinite(value)).toBe(true);
    }
    const bm25 = FEATURE_NAMES.indexOf('bm25');
    expect(features[1][bm25]).toBeGreaterThan(features[0][bm25]);
  });

  it('lets the claim stand in for a missing headline', () => {
    const titled = candidate('Do Vaccines Cause Infertility?', 'COVID-19 vaccines cause infertility in women.');
    const untitled = { ...titled, title: null, titleTerms: [] };
    const headline = { ...titled, title: titled.claimText, titleTerms: titled.claimTerms };
    const [withoutTitle, withClaimAsTitle] = candidateFeatures(
      prepareQuery(query, matchingTerms(query, 'en'), collection),
      [untitled, headline],
      collection,
    );
    for (const name of ['bm25Title', 'titleCoverage', 'charNgramsTitle', 'charNgramsTitleBody'] as const) {
      const at = FEATURE_NAMES.indexOf(name);
      expect(withoutTitle[at]).toBeGreaterThan(0);
      expect(withoutTitle[at]).toBeCloseTo(withClaimAsTitle[at], 9);
    }
  });

  it('compares the body of an embedded tweet without its signature', () => {
    const tweet = 'Vaccines cause infertility in women — Moon Landing Fan (@MoonLanding) May 1, 2021';
    const { terms, bodyTerms } = queryTerms(tweet, 'en');
    const rows = candidateFeatures(prepareQuery(tweet, terms, collection, bodyTerms), candidates, collection);
    const at = (row: number, name: (typeof FEATURE_NAMES)[number]) => rows[row][FEATURE_NAMES.indexOf(name)];
    // The signature's "moon landing" matches the wrong candidate on the whole text, not on the body.
    expect(at(0, 'queryCoverage')).toBeGreaterThan(0);
    expect(at(0, 'bodyCoverage')).toBe(0);
    expect(at(1, 'bodyCoverage')).toBeGreaterThan(at(1, 'queryCoverage'));
    expect(at(1, 'charNgramsBody')).toBeGreaterThan(at(1, 'charNgrams'));
  });

  it('character n-gram similarity is 1 for the same text, 0 for disjoint ones, and tolerates misspellings', () => {
    expect(charNgramSimilarity('Freedonia unemployment', 'Freedonia unemployment')).toBeCloseTo(1, 6);
    expect(charNgramSimilarity('abc', 'xyz')).toBe(0);
    expect(charNgramSimilarity('Freedonia unemployment', 'Fredonia unemploymnet')).toBeGreaterThan(0.4);
  });

  it('ranks the candidate that checks the claim first, with a probability in 0..1', () => {
    const ranked = rankCandidates(query, matchingTerms(query, 'en'), candidates, collection);
    expect(ranked[0].index).toBe(1);
    expect(ranked[0].probability).toBeGreaterThan(ranked[1].probability);
    for (const item of ranked) expect(item.probability).toBeGreaterThanOrEqual(0);
    for (const item of ranked) expect(item.probability).toBeLessThanOrEqual(1);
    expect(rankCandidates(query, [], [], collection)).toEqual([]);
  });
});

describe('listwise training and calibration', () => {
  // Feature 0 tells the relevant candidate apart; feature 1 is noise.
  const lists: TrainingList[] = Array.from({ length: 40 }, (_, q) => ({
    features: Array.from({ length: 5 }, (_, r) => [r === q % 5 ? 2 + (q % 3) * 0.1 : (r * 0.3) % 1, ((q * 7 + r * 3) % 11) / 11]),
    relevant: Array.from({ length: 5 }, (_, r) => r === q % 5),
  }));

  it('learns a positive weight for the informative feature, the same weights on every run', () => {
    const scaling = standardisation(lists, 2);
    const options = { l2: 1e-3, iterations: 200, learningRate: 0.05 };
    const weights = trainListwise(lists, scaling, options);
    expect(weights[0]).toBeGreaterThan(Math.abs(weights[1]) * 3);
    expect(trainListwise(lists, scaling, options)).toEqual(weights);
    const model = { features: ['a', 'b'], ...scaling, weights, calibration: { a: 1, c: 0 } };
    for (const list of lists) {
      const scores = list.features.map((row) => rankScore(model, row));
      expect(scores.indexOf(Math.max(...scores))).toBe(list.relevant.indexOf(true));
    }
  });

  it('Platt scaling maps scores to probabilities that match the observed rate', () => {
    // Scores 0..9; at score s, s out of 10 items are relevant.
    const scores: number[] = [];
    const labels: boolean[] = [];
    for (let s = 0; s < 10; s += 1) {
      for (let k = 0; k < 10; k += 1) {
        scores.push(s);
        labels.push(k < s);
      }
    }
    const fit = fitPlatt(scores, labels);
    expect(fit.a).toBeGreaterThan(0);
    expect(calibrated({ calibration: fit }, 9)).toBeGreaterThan(0.75);
    expect(calibrated({ calibration: fit }, 1)).toBeLessThan(0.25);
    expect(Math.abs(calibrated({ calibration: fit }, 4.5) - 0.45)).toBeLessThan(0.1);
  });

  it('stays finite when the classes separate perfectly', () => {
    const fit = fitPlatt([0, 0, 1, 1], [false, false, true, true]);
    expect(Number.isFinite(fit.a) && Number.isFinite(fit.c)).toBe(true);
    expect(sigmoid(fit.a + fit.c)).toBeGreaterThan(0.5);
  });
});
