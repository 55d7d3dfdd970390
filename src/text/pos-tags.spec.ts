import { posTags } from './pos-tags';

describe('part-of-speech tags', () => {
  it('tags an English sentence with universal part-of-speech tags, one per token', () => {
    const tags = posTags('Prices rose 5% in May, officials said.');
    expect(tags).toEqual(expect.arrayContaining(['NOUN', 'VERB', 'NUM', 'ADP', 'PROPN', 'PUNCT']));
    expect(tags).toHaveLength(10);
    expect(posTags('Prices rose 5% in May, officials said.')).toEqual(tags); // deterministic
  });
});
