/**
 * Distributional word embeddings trained here on unlabelled text (no downloaded weights), and the
 * dense sentence vectors built from them.
 *
 * Training (`trainEmbeddings`): the `vocabulary` most frequent tokens (lower-cased words; numbers
 * by shape), their co-occurrence counts within a symmetric window, positive PMI with the context
 * distribution smoothed (counts^0.75, Levy et al. 2015), and a rank-`dim` truncated SVD of that
 * sparse symmetric matrix by seeded randomised subspace iteration (Halko et al. 2011: a Gaussian
 * test matrix, power iterations with re-orthonormalisation, the small eigenproblem by Jacobi).
 * A word's vector is its row of U·S^0.5, L2-normalised. Deterministic: same text, same vectors.
 *
 * Sentence vector (`sentenceEmbedding`): the SIF-weighted mean (a / (a + p(word)), Arora et al.
 * 2017) of its in-vocabulary tokens' vectors; zeros when none is known.
 */
import { seededRandom } from './ranker';

export interface EmbeddingOptions {
  dim: number;
  /** Largest vocabulary (most frequent tokens first). */
  vocabulary: number;
  /** Tokens seen fewer times are left out. */
  minCount: number;
  /** Co-occurrence window on each side. */
  window: number;
  /** Power iterations of the randomised SVD. */
  powerIterations: number;
  /** Extra columns of the randomised SVD's test matrix. */
  oversample: number;
  seed: number;
}

export const DEFAULT_EMBEDDING_OPTIONS: EmbeddingOptions = {
  dim: 64,
  vocabulary: 20000,
  minCount: 3,
  window: 4,
  powerIterations: 3,
  oversample: 16,
  seed: 20190901,
};

export interface WordEmbeddings {
  dim: number;
  words: string[];
  /** Row-major (words × dim), rows L2-normalised. */
  vectors: Float32Array;
  /** SIF weight of each word. */
  weights: Float32Array;
  index: Map<string, number>;
}

const TOKEN_RE = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const SIF_A = 1e-3;

/** Tokens as the embeddings see them: lower-cased words, numbers by shape (<year>, <num>, <dec>, <bignum>). */
export function embeddingTokens(text: string): string[] {
  const out: string[] = [];
  for (const [t] of text.slice(0, 1000).matchAll(TOKEN_RE)) {
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (/^(1[89]|20)\d\d$/.test(t)) out.push('<year>');
      else if (/[.]\d/.test(t) && !/,/.test(t)) out.push('<dec>');
      else if (t.replace(/[.,]/g, '').length >= 4) out.push('<bignum>');
      else out.push('<num>');
    } else out.push(t.toLowerCase().replace(/’/g, "'"));
  }
  return out;
}

/** Sparse symmetric matrix in compressed rows. */
interface Csr {
  n: number;
  start: Uint32Array;
  col: Uint32Array;
  val: Float64Array;
}

function cooccurrencePpmi(sentences: number[][], n: number, window: number): Csr {
  // One 32-bit key per (word, context) occurrence: row * n + col (n ≤ 65,535).
  let pairs = 0;
  for (const s of sentences) for (let i = 0; i < s.length; i++) pairs += 2 * Math.min(window, s.length - 1 - i);
  const keys = new Uint32Array(pairs);
  let k = 0;
  for (const s of sentences)
    for (let i = 0; i < s.length; i++)
      for (let d = 1; d <= window && i + d < s.length; d++) {
        keys[k++] = s[i] * n + s[i + d];
        keys[k++] = s[i + d] * n + s[i];
      }
  keys.sort();
  const rows: number[] = [];
  const cols: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < keys.length;) {
    let j = i;
    while (j < keys.length && keys[j] === keys[i]) j++;
    rows.push(Math.floor(keys[i] / n));
    cols.push(keys[i] % n);
    counts.push(j - i);
    i = j;
  }
  const rowSum = new Float64Array(n);
  const colSmoothed = new Float64Array(n);
  counts.forEach((c, e) => (rowSum[rows[e]] += c));
  for (let w = 0; w < n; w++) colSmoothed[w] = Math.pow(rowSum[w], 0.75);
  const smoothedTotal = colSmoothed.reduce((a, b) => a + b, 0);
  const start = new Uint32Array(n + 1);
  const col: number[] = [];
  const val: number[] = [];
  let e = 0;
  for (let r = 0; r < n; r++) {
    start[r] = col.length;
    for (; e < rows.length && rows[e] === r; e++) {
      // p(w,c) / (p(w) p_α(c)) = count · Σ colα / (rowSum · colα)
      const v = Math.log((counts[e] * smoothedTotal) / (rowSum[r] * colSmoothed[cols[e]]));
      if (v > 0) {
        col.push(cols[e]);
        val.push(v);
      }
    }
  }
  start[n] = col.length;
  return { n, start, col: Uint32Array.from(col), val: Float64Array.from(val) };
}

/** out = M · Y (Y row-major n × l). */
function multiply(m: Csr, y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(m.n * l);
  for (let r = 0; r < m.n; r++) {
    const o = r * l;
    for (let e = m.start[r]; e < m.start[r + 1]; e++) {
      const v = m.val[e];
      const yo = m.col[e] * l;
      for (let c = 0; c < l; c++) out[o + c] += v * y[yo + c];
    }
  }
  return out;
}

/** Orthonormalise the columns of a row-major n × l matrix in place (modified Gram-Schmidt, twice). */
function orthonormalise(y: Float64Array, n: number, l: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let c = 0; c < l; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += y[r * l + c] * y[r * l + p];
        for (let r = 0; r < n; r++) y[r * l + c] -= dot * y[r * l + p];
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += y[r * l + c] * y[r * l + c];
      norm = Math.sqrt(norm) || 1;
      for (let r = 0; r < n; r++) y[r * l + c] /= norm;
    }
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major l × l) of a symmetric matrix (cyclic Jacobi). */
export function symmetricEigen(a: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += m[p * l + q] * m[p * l + q];
    if (off < 1e-22) break;
    for (let p = 0; p < l; p++)
      for (let q = p + 1; q < l; q++) {
        const apq = m[p * l + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * l + q] - m[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const mkp = m[k * l + p];
          const mkq = m[k * l + q];
          m[k * l + p] = c * mkp - s * mkq;
          m[k * l + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < l; k++) {
          const mpk = m[p * l + k];
          const mqk = m[q * l + k];
          m[p * l + k] = c * mpk - s * mqk;
          m[q * l + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p];
          const vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = m[i * l + i];
  return { values, vectors: v };
}

export function trainEmbeddings(texts: Iterable<string>, options: Partial<EmbeddingOptions> = {}): WordEmbeddings {
  const o = { ...DEFAULT_EMBEDDING_OPTIONS, ...options };
  const tokenised: string[][] = [];
  const counts = new Map<string, number>();
  for (const text of texts) {
    const tokens = embeddingTokens(text);
    tokenised.push(tokens);
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const words = [...counts]
    .filter(([, c]) => c >= o.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.min(o.vocabulary, 65535))
    .map(([w]) => w);
  const index = new Map(words.map((w, i) => [w, i]));
  const n = words.length;
  const sentences = tokenised.map((tokens) => tokens.flatMap((t) => (index.has(t) ? [index.get(t)!] : [])));
  const m = cooccurrencePpmi(sentences, n, o.window);

  const l = Math.min(n, o.dim + o.oversample);
  const rnd = seededRandom(o.seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  let y: Float64Array = new Float64Array(n * l);
  for (let i = 0; i < y.length; i++) y[i] = gaussian();
  y = multiply(m, y, l);
  orthonormalise(y, n, l);
  for (let it = 0; it < o.powerIterations; it++) {
    y = multiply(m, y, l);
    orthonormalise(y, n, l);
  }
  // B = Qᵀ M (l × n); B Bᵀ = Qᵀ M M Q = (M Q)ᵀ (M Q) since M is symmetric.
  const mq = multiply(m, y, l);
  const gram = new Float64Array(l * l);
  for (let r = 0; r < n; r++)
    for (let a = 0; a < l; a++) {
      const x = mq[r * l + a];
      if (x === 0) continue;
      for (let b = a; b < l; b++) gram[a * l + b] += x * mq[r * l + b];
    }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) gram[a * l + b] = gram[b * l + a];
  const { values, vectors: ub } = symmetricEigen(gram, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const dim = Math.min(o.dim, l);
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const j = order[d];
      // singular value = sqrt(eigenvalue of B Bᵀ); U = Q · U_b; vector = U · S^0.5
      const weight = Math.pow(Math.max(values[j], 0), 0.25);
      let u = 0;
      for (let a = 0; a < l; a++) u += y[r * l + a] * ub[a * l + j];
      out[r * dim + d] = u * weight;
      norm += out[r * dim + d] * out[r * dim + d];
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) out[r * dim + d] /= norm;
  }
  const total = words.reduce((sum, w) => sum + counts.get(w)!, 0);
  const weights = Float32Array.from(words, (w) => SIF_A / (SIF_A + counts.get(w)! / total));
  return { dim, words, vectors: out, weights, index };
}

/** SIF-weighted mean of the sentence's known words' vectors (`dim` zeros when none is known). */
export function sentenceEmbedding(e: WordEmbeddings, text: string, out: Float64Array = new Float64Array(e.dim)): Float64Array {
  out.fill(0);
  let sum = 0;
  for (const t of embeddingTokens(text)) {
    const i = e.index.get(t);
    if (i === undefined) continue;
    const w = e.weights[i];
    sum += w;
    for (let d = 0; d < e.dim; d++) out[d] += w * e.vectors[i * e.dim + d];
  }
  if (sum > 0) for (let d = 0; d < e.dim; d++) out[d] /= sum;
  return out;
}

/**
 * Word clusters from the embeddings (spherical k-means, k-means++ seeding with the seeded
 * generator, `iterations` Lloyd steps): a word's cluster, as Brown clusters serve a linear model.
 */
export function clusterWords(e: WordEmbeddings, k: number, seed: number, iterations = 10): Uint16Array {
  const n = e.words.length;
  const d = e.dim;
  const rnd = seededRandom(seed);
  const centres = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  const assign = new Uint16Array(n);
  const dot = (w: number, c: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += e.vectors[w * d + j] * centres[c * d + j];
    return s;
  };
  // k-means++: each next centre drawn with probability ∝ squared distance to the nearest one
  let pick = Math.floor(rnd() * n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) centres[c * d + j] = e.vectors[pick * d + j];
    let total = 0;
    for (let w = 0; w < n; w++) {
      nearest[w] = Math.min(nearest[w], Math.max(0, 2 - 2 * dot(w, c)));
      total += nearest[w];
    }
    let r = rnd() * total;
    for (pick = 0; pick < n - 1 && (r -= nearest[pick]) > 0; pick++);
  }
  for (let it = 0; it < iterations; it++) {
    for (let w = 0; w < n; w++) {
      let best = 0;
      let bestDot = -Infinity;
      for (let c = 0; c < k; c++) {
        const s = dot(w, c);
        if (s > bestDot) [best, bestDot] = [c, s];
      }
      assign[w] = best;
    }
    centres.fill(0);
    for (let w = 0; w < n; w++) for (let j = 0; j < d; j++) centres[assign[w] * d + j] += e.vectors[w * d + j];
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += centres[c * d + j] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < d; j++) centres[c * d + j] /= norm;
    }
  }
  return assign;
}

/** Component-wise maximum of the sentence's known words' vectors (`dim` zeros when none is known). */
export function sentenceMaxEmbedding(e: WordEmbeddings, text: string, out: Float64Array = new Float64Array(e.dim)): Float64Array {
  out.fill(-Infinity);
  let known = false;
  for (const t of embeddingTokens(text)) {
    const i = e.index.get(t);
    if (i === undefined) continue;
    known = true;
    for (let d = 0; d < e.dim; d++) out[d] = Math.max(out[d], e.vectors[i * e.dim + d]);
  }
  if (!known) out.fill(0);
  return out;
}
