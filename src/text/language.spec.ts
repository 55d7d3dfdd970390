import { detectLanguage, normalizeLanguageTag, primaryLanguage } from './language';

describe('detectLanguage', () => {
  const samples: Record<string, string> = {
    en: 'The government announced on Monday that unemployment fell to its lowest level in two decades, according to official figures.',
    es: 'El Gobierno anunció el lunes que el desempleo bajó a su nivel más bajo en dos décadas, según las cifras oficiales.',
    fr: 'Le gouvernement a annoncé lundi que le chômage était tombé à son plus bas niveau depuis vingt ans, selon les chiffres officiels.',
    de: 'Die Regierung teilte am Montag mit, dass die Arbeitslosigkeit laut offiziellen Zahlen auf den niedrigsten Stand seit zwei Jahrzehnten gefallen ist.',
    pt: 'O governo anunciou na segunda-feira que o desemprego caiu para o nível mais baixo em duas décadas, segundo os números oficiais.',
    ru: 'Правительство объявило в понедельник, что безработица упала до самого низкого уровня за последние два десятилетия, согласно официальным данным.',
    uk: 'Уряд оголосив у понеділок, що безробіття впало до найнижчого рівня за останні два десятиліття, згідно з офіційними даними.',
    ar: 'أعلنت الحكومة يوم الاثنين أن معدل البطالة انخفض إلى أدنى مستوى له منذ عقدين، وفقا للأرقام الرسمية.',
    zh: '政府周一宣布，根据官方数据，失业率已降至二十年来的最低水平。',
    hi: 'सरकार ने सोमवार को घोषणा की कि आधिकारिक आंकड़ों के अनुसार बेरोजगारी दो दशकों में अपने सबसे निचले स्तर पर आ गई है।',
  };
  for (const [lang, text] of Object.entries(samples)) {
    it(`detects ${lang}`, () => expect(detectLanguage(text)).toBe(lang));
  }
  it("returns 'und' for empty, numeric or too-short input", () => {
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('12345 67.8%')).toBe('und');
    expect(detectLanguage('ok')).toBe('und');
  });
  it('normalises tags', () => {
    expect(normalizeLanguageTag('EN')).toBe('en');
    expect(normalizeLanguageTag('pt-BR')).toBe('pt-BR');
    expect(normalizeLanguageTag('PT_br')).toBe('pt-br');
    expect(primaryLanguage('pt-BR')).toBe('pt');
  });
});

describe('detectLanguage: Russian vs Ukrainian on short texts', () => {
  it('uses letters unique to each language', () => {
    expect(detectLanguage('Это т. е. правда. В. В. Путин сказал это')).toBe('ru');
    expect(detectLanguage('Путін заявив, що війна триває')).toBe('uk');
  });
});
