import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { segmentSentences } from './segment';

interface SegCase {
  name: string;
  text: string;
  sentences: string[];
}

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/segmentation');
const LANGS = ['en', 'es', 'fr', 'de', 'pt', 'ru', 'uk', 'ar', 'zh', 'hi'];

function load(lang: string): SegCase[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${lang}.json`), 'utf8')) as SegCase[];
}

describe('segmentSentences: tricky cases per language (test/fixtures/segmentation)', () => {
  it('has at least 6 cases per language and many more for English', () => {
    for (const lang of LANGS) expect(load(lang).length).toBeGreaterThanOrEqual(6);
    expect(load('en').length).toBeGreaterThanOrEqual(30);
  });

  for (const lang of LANGS) {
    describe(lang, () => {
      for (const c of load(lang)) {
        it(c.name, () => {
          const spans = segmentSentences(c.text, lang);
          expect(spans.map((s) => s.text)).toEqual(c.sentences);
          for (const s of spans) expect(c.text.slice(s.start, s.end)).toBe(s.text);
        });
      }
    });
  }
});

describe('segmentSentences: offsets and structure', () => {
  it('returns exact offsets into the original text, trimmed', () => {
    const text = '  Mr. Smith said so.  \n\n  "Really?" asked Tom.\r\nDone  ';
    const spans = segmentSentences(text, 'en');
    expect(spans.map((s) => s.text)).toEqual(['Mr. Smith said so.', '"Really?" asked Tom.', 'Done']);
    for (const s of spans) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).toBe(s.text.trim());
    }
  });

  it('a line break always ends a sentence, even mid-clause', () => {
    expect(segmentSentences('The U.S.\nArmy said', 'en').map((s) => s.text)).toEqual(['The U.S.', 'Army said']);
  });

  it('drops empty and punctuation-only fragments', () => {
    expect(segmentSentences('', 'en')).toEqual([]);
    expect(segmentSentences('   \n\n  ', 'en')).toEqual([]);
    expect(segmentSentences('—\n***\n...', 'en')).toEqual([]);
  });

  it('accepts region subtags and unknown languages', () => {
    expect(segmentSentences('O Sr. Silva chegou. Ele falou.', 'pt-BR').map((s) => s.text)).toEqual(['O Sr. Silva chegou.', 'Ele falou.']);
    expect(segmentSentences('Dr. Who arrived. Then he left.', 'und').map((s) => s.text)).toEqual(['Dr. Who arrived.', 'Then he left.']);
    expect(segmentSentences('One. Two.', 'not a tag!').map((s) => s.text)).toEqual(['One.', 'Two.']);
  });

  it('property: for arbitrary strings, spans slice exactly, are ordered, non-overlapping, trimmed and never throw', () => {
    const pieces = fc.constantFrom(
      'Mr.',
      'U.S.',
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\r\n',
      '.',
      '...',
      '…',
      '!',
      '?',
      '"',
      '“',
      '”',
      '«',
      '»',
      '„',
      '(',
      ')',
      'Dr',
      'J.',
      'R.',
      'z. B.',
      'т. е.',
      'г.',
      '2.5%',
      '4,5 %',
      '1,200',
      '$',
      'abc',
      'The',
      'he said',
      '。',
      '！',
      '？',
      '।',
      '؟',
      'مرحبا',
      '你好',
      'नमस्ते',
      '\u00a0',
      '\u200b',
      '\t',
      '- ',
      '1. ',
      'etc.',
      'p.m.',
      '\u2029',
      '\u0000',
    );
    const lang = fc.constantFrom('en', 'es', 'fr', 'de', 'pt', 'ru', 'uk', 'ar', 'zh', 'hi', 'und', 'pt-BR', 'xx');
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.array(pieces, { maxLength: 60 }).map((a) => a.join('')),
      fc.string({ unit: 'binary', maxLength: 120 }),
    );
    fc.assert(
      fc.property(texts, lang, (text, l) => {
        const spans = segmentSentences(text, l);
        let prevEnd = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(prevEnd);
          expect(s.end).toBeGreaterThan(s.start);
          expect(text.slice(s.start, s.end)).toBe(s.text);
          expect(s.text.trim()).toBe(s.text);
          prevEnd = s.end;
        }
      }),
      { numRuns: 1500, seed: 20240601 },
    );
  });
});
