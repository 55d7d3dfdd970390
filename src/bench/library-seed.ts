/**
 * Set-wise synthetic library for the bench: fact-checks, their postings, document frequencies and the
 * collection totals written by SQL (generate_series, one statement per 50,000 items), so a million
 * items load in minutes instead of the hour the API import takes on the shared machine. The rows are
 * what the real insert path writes: the terms are the vocabulary's words run through matchingTerms
 * (computed once per word in Node), the postings and statistics change in the same statement as the
 * items. Words are drawn with a Zipf-like skew (u³ over a vocabulary ordered most frequent first), so
 * common terms have postings lists of hundreds of thousands as in a real library.
 *
 *   node dist-tools/bench/library-seed.js <database url> <rows>      (profiling: EXPLAIN ANALYZE on a big library)
 */
import { Client } from 'pg';
import { matchingTerms } from '../text/matching/terms';
import { BM25_B, BM25_K1, REFERENCE_AVERAGE_LENGTH } from '../text/matching/bm25';
import { loadVocabulary } from './library-text';

const BATCH = 50_000;

/** Adds items numbered [from, to) (their url is https://factcheck.example/<n>), imported by `importer`. */
export async function seedLibrary(db: Client, from: number, to: number, importer: string | null, vocabulary = loadVocabulary()) {
  await db.query(`CREATE TEMP TABLE IF NOT EXISTS bench_vocabulary (idx int PRIMARY KEY, word text NOT NULL, term text)`);
  await db.query(`TRUNCATE bench_vocabulary`);
  await db.query(`INSERT INTO bench_vocabulary SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [
    vocabulary.map((_, i) => i),
    vocabulary,
    vocabulary.map((word) => matchingTerms(word, 'en')[0] ?? null),
  ]);
  for (let lo = from; lo < to; lo += BATCH) {
    await db.query(SEED_SQL, [lo, Math.min(to, lo + BATCH) - 1, vocabulary.length, importer]);
  }
}

// impact: bm25Term(tf, doc_len, REFERENCE_AVERAGE_LENGTH, 1) (src/text/matching/bm25.ts impactOrder).
const SEED_SQL = `
WITH words AS (
  SELECT g.i, w.kind, w.j, v.word, v.term
    FROM generate_series($1::int, $2::int) AS g(i)
   CROSS JOIN LATERAL (
     SELECT 0 AS kind, j FROM generate_series(0, 7 + g.i % 7) AS j
     UNION ALL
     SELECT 1, j FROM generate_series(0, 3 + g.i % 4) AS j
   ) w
    JOIN bench_vocabulary v
      ON v.idx = floor($3::int * power((hashint8(g.i::bigint * 64 + w.kind * 32 + w.j) & 2147483647)::float8 / 2147483648, 3))::int
),
docs AS (
  SELECT i,
         string_agg(word, ' ' ORDER BY j) FILTER (WHERE kind = 0) AS claim_text,
         string_agg(word, ' ' ORDER BY j) FILTER (WHERE kind = 1) AS title,
         coalesce(array_agg(term ORDER BY j) FILTER (WHERE kind = 0 AND term IS NOT NULL), '{}') AS claim_terms,
         coalesce(array_agg(term ORDER BY j) FILTER (WHERE kind = 1 AND term IS NOT NULL), '{}') AS title_terms
    FROM words GROUP BY i
),
inserted AS (
  INSERT INTO fact_checks (id, claim_text, title, rating, url, publisher, language, added_by, added_by_role, title_terms, claim_terms)
  SELECT gen_random_uuid(), claim_text, title, (ARRAY['true', 'mostly_true', 'mixed', 'mostly_false', 'false'])[i % 5 + 1],
         'https://factcheck.example/' || i, 'Bench Checks', 'en', $4::uuid, 'reviewer', title_terms, claim_terms
    FROM docs
  RETURNING id, title_terms || claim_terms AS terms, cardinality(title_terms) AS title_length, cardinality(claim_terms) AS claim_length
),
postings AS (
  INSERT INTO fact_check_terms (term, fact_check_id, tf, doc_len, impact)
  SELECT t.term, i.id, count(*), least(cardinality(i.terms), 32767),
         count(*) * ${BM25_K1 + 1} / (count(*) + ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * cardinality(i.terms) / ${REFERENCE_AVERAGE_LENGTH}.0))
    FROM inserted i CROSS JOIN LATERAL unnest(i.terms) AS t(term)
   GROUP BY i.id, t.term, cardinality(i.terms)
  RETURNING term
),
frequencies AS (
  INSERT INTO fact_check_term_stats (term, shard, df)
  SELECT term, 0, count(*) FROM postings GROUP BY term ORDER BY term
  ON CONFLICT (term, shard) DO UPDATE SET df = fact_check_term_stats.df + excluded.df
)
UPDATE fact_check_collection
   SET documents = documents + (SELECT count(*) FROM inserted),
       title_terms = title_terms + (SELECT coalesce(sum(title_length), 0) FROM inserted),
       claim_terms = claim_terms + (SELECT coalesce(sum(claim_length), 0) FROM inserted),
       total_terms = total_terms + (SELECT coalesce(sum(title_length + claim_length), 0) FROM inserted)
 WHERE id = 1`;

if (require.main === module) {
  const [url, rows] = process.argv.slice(2);
  const db = new Client({ connectionString: url });
  const started = performance.now();
  db.connect()
    .then(() => seedLibrary(db, 0, Number(rows), null))
    .then(() => db.query('VACUUM ANALYZE'))
    .then(() => console.log(`seeded ${rows} rows in ${Math.round((performance.now() - started) / 1000)} s`))
    .finally(() => db.end())
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
