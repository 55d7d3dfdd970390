import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLabelledTsv, resolveDataDir } from './dataset';
import { DEFAULT_CHECKWORTHY_THRESHOLD } from './index';
import { averagePrecision, prf } from './metrics';
import { ensembleLogit, hasContent, loadWeights, LOW_CONTENT_SCORE_CAP, rawScore, scoreCheckworthiness, WEIGHTS_PATH } from './scorer';

/**
 * Allowed drop below the dev figures recorded in the weights file's metadata (written by
 * `npm run train:checkworthiness`). Scoring is deterministic, so any drop means the features or
 * the model changed without retraining.
 */
const F1_MARGIN = 0.02;
const AP_MARGIN = 0.02;

describe('check-worthiness scorer', () => {
  it('loads the committed weights (small, sparse, with dev metadata)', () => {
    expect(fs.statSync(WEIGHTS_PATH).size).toBeLessThan(20 * 1024 * 1024);
    const w = loadWeights();
    expect(w.format).toBe('claimflow-checkworthiness/1');
    expect(w.models.en.idx.length).toBe(w.models.en.w.length);
    expect(w.models.universal.idx.length).toBe(w.models.universal.w.length);
    expect(w.threshold).toBeCloseTo(DEFAULT_CHECKWORTHY_THRESHOLD, 6);
    expect(Number(w.metrics.dev.ap)).toBeGreaterThanOrEqual(0.85); // ClaimBuster dev, recorded by training
    expect(Number(w.metrics.cv.map)).toBeGreaterThan(0.239); // beats today's model on CLEF-2019 transcripts (leave-one-out)
  });

  it("scores an ensemble with the mean of its members' logits", () => {
    const bits = 4;
    const member = (bias: number, weight: number) => ({ bias, dense: new Float64Array(1 << bits).fill(weight) });
    const one = rawScore({ mode: 'universal', bits, members: [member(1, 0.5)] }, 'Prices rose 5% in 2023.');
    const other = rawScore({ mode: 'universal', bits, members: [member(-3, -0.25)] }, 'Prices rose 5% in 2023.');
    const both = rawScore({ mode: 'universal', bits, members: [member(1, 0.5), member(-3, -0.25)] }, 'Prices rose 5% in 2023.');
    expect(one).not.toBeCloseTo(other, 3);
    expect(both).toBeCloseTo((one + other) / 2, 10);
  });

  it('is deterministic and returns probabilities', () => {
    const s = 'Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.';
    const a = scoreCheckworthiness(s, 'en');
    expect(scoreCheckworthiness(s, 'en')).toBe(a);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(1);
    expect(scoreCheckworthiness('', 'en')).toBe(0);
    expect(scoreCheckworthiness('...', 'en')).toBe(0);
  });

  it('reads the neighbouring sentences, and only a bounded part of a very long sentence', () => {
    const s = 'The deficit has tripled since 2008.';
    const alone = scoreCheckworthiness(s, 'en');
    expect(scoreCheckworthiness(s, 'en', { before: null, after: null })).toBe(alone);
    expect(scoreCheckworthiness(s, 'en', { before: 'Thank you, moderator.', after: 'That is a fact.' })).not.toBe(alone);
    const long = `${s} ${'and more words '.repeat(200)}`;
    expect(scoreCheckworthiness(long, 'en')).toBe(scoreCheckworthiness(`${long} tail that is never read`, 'en'));
  });

  it('ranks factual, quantified claims above opinions and questions', () => {
    const claim = scoreCheckworthiness('The deficit has tripled since 2008, according to the Congressional Budget Office.', 'en');
    const opinion = scoreCheckworthiness('I think we need to do better for our children.', 'en');
    const question = scoreCheckworthiness('What are you going to do about it?', 'en');
    expect(claim).toBeGreaterThan(DEFAULT_CHECKWORTHY_THRESHOLD);
    expect(opinion).toBeLessThan(DEFAULT_CHECKWORTHY_THRESHOLD);
    expect(question).toBeLessThan(DEFAULT_CHECKWORTHY_THRESHOLD);
  });

  it('keeps sentences without content (courtesies, one-word answers) low, whatever the model says', () => {
    for (const s of ['fine.', 'Fine.', 'Thank you.', 'OK, sir.', 'Yes, yes.', 'Well...', 'Thank you very much, everyone.'])
      expect(scoreCheckworthiness(s, 'en')).toBeLessThanOrEqual(LOW_CONTENT_SCORE_CAP);
    expect(scoreCheckworthiness('Bien.', 'es')).toBeLessThanOrEqual(LOW_CONTENT_SCORE_CAP);
    for (const s of ["That's wrong.", 'Murders are up.', 'Wages are rising.', 'Three hundred percent.', '7%.', '失业率下降了。'])
      expect(hasContent(s)).toBe(true);
    for (const s of ['fine.', 'Thank you.', 'Okay.', '好。']) expect(hasContent(s)).toBe(false);
    expect(scoreCheckworthiness('Unemployment fell.', 'en')).toBeGreaterThan(LOW_CONTENT_SCORE_CAP);
  });

  it('combines a linear and a neural logit as a weighted mean of standardised logits', () => {
    const linear = { mean: 1, std: 2, weight: 0.5 };
    const neural = { mean: -1, std: 0.5, weight: 0.5 };
    expect(ensembleLogit(1, -1, linear, neural)).toBe(0);
    expect(ensembleLogit(3, -0.5, linear, neural)).toBeCloseTo(0.5 * 1 + 0.5 * 1, 10);
    expect(ensembleLogit(3, 5, { ...linear, weight: 1 }, { ...neural, weight: 0 })).toBeCloseTo(1, 10);
  });

  it('uses the language-independent fallback for other languages', () => {
    const es = scoreCheckworthiness('El PIB creció un 2,5% en 2023, según el Banco de España.', 'es');
    const esVague = scoreCheckworthiness('hay que hacerlo mejor', 'es');
    expect(es).toBeGreaterThan(esVague);
    const ru = scoreCheckworthiness('Инфляция в России составила 7,4% в 2023 году.', 'ru');
    expect(ru).toBeGreaterThan(scoreCheckworthiness('мы должны сделать лучше', 'ru'));
    expect(scoreCheckworthiness('The GDP grew 2.5% in 2023.', 'pt-BR')).toBe(scoreCheckworthiness('The GDP grew 2.5% in 2023.', 'zh'));
  });

  // The training data is not part of the repository (a clone without ../shared must pass): the dev
  // re-scoring runs where the data is, as on the training machine and in `npm run eval:extraction`.
  const devFile = path.join(resolveDataDir(), 'dev.tsv');
  if (!fs.existsSync(devFile)) return;
  describe('on the dev split', () => {
    const dev = readLabelledTsv(devFile);
    const labels = dev.map((s) => s.label);
    const scores = dev.map((s) => scoreCheckworthiness(s.text, 'en'));
    const meta = loadWeights();

    it(`reaches the recorded F1 (within ${F1_MARGIN}) at the default threshold`, () => {
      const r = prf(scores, labels, DEFAULT_CHECKWORTHY_THRESHOLD);
      expect(r.f1).toBeGreaterThanOrEqual(Number(meta.metrics.dev.f1) - F1_MARGIN);
    });

    it(`reaches the recorded average precision (within ${AP_MARGIN})`, () => {
      expect(averagePrecision(scores, labels)).toBeGreaterThanOrEqual(Number(meta.metrics.dev.ap) - AP_MARGIN);
    });

    it('the universal fallback model also beats chance on dev', () => {
      const u = dev.map((s) => scoreCheckworthiness(s.text, 'xx'));
      expect(averagePrecision(u, labels)).toBeGreaterThanOrEqual(Number(meta.metrics.universalDev.ap) - AP_MARGIN);
    });
  });
});
