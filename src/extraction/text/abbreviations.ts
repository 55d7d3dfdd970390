/**
 * Per-language abbreviation rules used on top of Intl.Segmenter (ICU sentence breaks).
 *
 * Keys are the abbreviation without its final period. An entry containing an upper-case letter
 * matches case-sensitively ("Ill." the state, not "ill." the adjective); all-lower-case entries
 * match case-insensitively.
 *
 * Classes:
 *  - title: always followed by a name/number, never ends a sentence ("Mr.", "Dr.", "Sra.", "M.", "т.").
 *  - mid:   usually mid-sentence but may end one ("U.S.", "Inc.", "Jan."): we keep the sentence going
 *           unless the next word is a typical sentence starter ("The", "He", "Il", "Он", ...).
 *  - final: usually ends a sentence ("etc.", "et al.", "usw."): break unless the next word is
 *           lower-case or a number.
 */
export type AbbrevClass = 'title' | 'mid' | 'final';

export interface LanguageRules {
  title: string[];
  mid: string[];
  final: string[];
  /** Capitalised words that typically open a sentence (lower-cased here). */
  starters: string[];
  /** Reporting verbs that mark a quotation's attribution ("he said"). */
  reporting: string[];
  /** Month names/abbreviations (lower-cased): "3. Oktober" keeps going in German. */
  months?: string[];
  /** German-style ordinals: "am 3. Oktober", "der 2. Weltkrieg". */
  ordinalNumbers?: boolean;
  /** Abbreviations that end a sentence when they follow a number (ru "2020 г.", uk "2020 р.") but are titles otherwise ("г. Москва"). */
  numberFinal?: string[];
}

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'];

export const RULES: Record<string, LanguageRules> = {
  en: {
    title: [
      'mr', 'mrs', 'ms', 'messrs', 'mmes', 'dr', 'drs', 'prof', 'profs', 'sen', 'sens', 'rep', 'reps', 'gov', 'govs',
      'gen', 'lt', 'col', 'sgt', 'capt', 'cmdr', 'cdr', 'adm', 'maj', 'cpl', 'pvt', 'rev', 'hon', 'pres', 'supt',
      'atty', 'amb', 'insp', 'det', 'fr', 'mt', 'vs', 'v', 'No', 'Nos', 'vol', 'vols', 'Fig', 'Figs', 'pp', 'Ch',
      'Art', 'Sec', 'approx', 'ca', 'cf', 'lieut', 'st', 'sra', 'gens', 'msgr',
    ],
    mid: [
      ...EN_MONTHS, 'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'bros', 'dept', 'univ', 'assn', 'est', 'jr', 'sr', 'ave',
      'blvd', 'rd', 'hwy', 'e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'u.k', 'u.n', 'd.c', 'u.s.a', 'e.u', 'ph.d', 'm.d',
      'b.a', 'm.a', 'n.y', 'l.a', 'Ala', 'Ariz', 'Ark', 'Calif', 'Colo', 'Conn', 'Del', 'Fla', 'Ga', 'Ill', 'Ind',
      'Kan', 'Kans', 'Ky', 'La', 'Md', 'Mass', 'Mich', 'Minn', 'Miss', 'Mo', 'Mont', 'Neb', 'Nev', 'Okla', 'Ore',
      'Pa', 'Tenn', 'Tex', 'Va', 'Vt', 'Wash', 'Wis', 'Wyo', 'min', 'max', 'mln', 'bn', 'tn', 'yr', 'yrs', 'wk', 'mo',
      'gal', 'oz', 'lb', 'lbs', 'sq', 'pct', 'govt', 'intl', 'natl', 'ed', 'eds', 'tel', 'ft',
    ],
    final: ['etc', 'al', 'seq'],
    starters: [
      'a', 'an', 'the', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those', 'there', 'here',
      'but', 'and', 'or', 'so', 'yet', 'in', 'on', 'at', 'for', 'if', 'when', 'while', 'after', 'before', 'as', 'his',
      'her', 'its', 'their', 'our', 'my', 'your', 'some', 'many', 'most', 'all', 'no', 'not', 'one', 'two', 'three',
      'meanwhile', 'however', 'still', 'then', 'now', 'also', 'both', 'each', 'every', 'since', 'because', 'although',
      'though', 'what', 'who', 'why', 'how', 'where', 'which', 'during', 'by', 'from', 'with', 'without', 'under',
      'over', 'about', 'among', 'according', 'last', 'next', 'earlier', 'later', 'today', 'yesterday', 'tomorrow',
      'officials', 'critics', 'experts', 'analysts', 'police', 'authorities', 'such', 'other', 'another', 'several',
      'more', 'less', 'few', 'even', 'only', 'instead', 'moreover', 'besides', 'thus', 'therefore', 'indeed',
      'to', 'of', 'do', 'does', 'did', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'can', 'will', 'would',
    ],
    reporting: [
      'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'asked', 'asks', 'stated', 'states', 'explained',
      'wrote', 'writes', 'tweeted', 'posted', 'noted', 'notes', 'insisted', 'claimed', 'claims', 'declared',
      'warned', 'argued', 'argues', 'replied', 'responded', 'recalled', 'shouted', 'continued', 'according',
      'acknowledged', 'admitted', 'announced', 'conceded', 'confirmed', 'countered', 'cried', 'exclaimed',
      'observed', 'remarked', 'reported', 'suggested', 'urged', 'vowed',
    ],
    months: EN_MONTHS,
  },
  es: {
    title: [
      'sr', 'sra', 'srta', 'sres', 'sras', 'dr', 'dra', 'drs', 'lic', 'lcdo', 'lcda', 'ing', 'arq', 'prof', 'profa',
      'd', 'dña', 'excmo', 'excma', 'ilmo', 'ilma', 'mons', 'gral', 'cnel', 'tte', 'sto', 'sta', 'pdte', 'pdta',
      'núm', 'nro', 'n.º', 'pág', 'págs', 'art', 'av', 'avda', 'vol', 'fig', 'cap', 'ud', 'uds', 'vd', 'vds', 'ee',
      'p', 'ej', 'aprox', 'c', 'dpto', 'tel',
    ],
    mid: [
      'uu', 'cía', 'ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'sept', 'oct', 'nov', 'dic',
      'a.c', 'd.c', 'a.m', 'p.m', 's.a', 's.l', 'ee.uu', 'admón', 'mín', 'máx', 'hab', 'mill', 'aa.vv',
    ],
    final: ['etc'],
    starters: [
      'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'él', 'ella', 'ellos', 'ellas', 'este', 'esta', 'esto',
      'estos', 'estas', 'ese', 'esa', 'eso', 'pero', 'y', 'o', 'en', 'con', 'por', 'para', 'de', 'del', 'si', 'cuando',
      'mientras', 'después', 'antes', 'como', 'su', 'sus', 'según', 'sin', 'sobre', 'tras', 'hoy', 'ayer', 'además',
      'sin embargo', 'también', 'no', 'ya', 'se', 'lo', 'le', 'les', 'al', 'a', 'que', 'qué', 'quien', 'quién',
      'aunque', 'así', 'entonces', 'luego', 'desde', 'hasta', 'durante', 'otro', 'otra', 'otros', 'otras', 'muchos',
      'nosotros', 'yo', 'tú', 'usted', 'hay', 'es', 'fue', 'era', 'son',
    ],
    reporting: [
      'dijo', 'dice', 'afirmó', 'afirma', 'declaró', 'señaló', 'aseguró', 'explicó', 'añadió', 'agregó', 'preguntó',
      'según', 'indicó', 'sostuvo', 'advirtió', 'insistió', 'subrayó', 'comentó', 'respondió', 'escribió',
    ],
  },
  fr: {
    title: [
      'M', 'MM', 'mme', 'mmes', 'mlle', 'mlles', 'dr', 'pr', 'mgr', 'st', 'ste', 'n', 'no', 'art', 'chap', 'vol',
      'fig', 'p', 'ex', 'env', 'cf', 'av', 'bd', 'c.-à-d', 'resp', 'éd', 'gén', 'col', 'cdt', 'lt', 'sgt', 'r',
    ],
    mid: [
      'janv', 'févr', 'avr', 'juill', 'sept', 'oct', 'nov', 'déc', 'apr', 'j.-c', 'min', 'max', 'hab', 'mds', 'mrd',
      'md', 'mln', 'env', 'ss',
    ],
    final: ['etc', 'al'],
    starters: [
      'le', 'la', 'les', 'un', 'une', 'des', 'il', 'elle', 'ils', 'elles', 'on', 'nous', 'vous', 'je', 'ce', 'cette',
      'ces', 'cet', 'mais', 'et', 'ou', 'en', 'dans', 'pour', 'par', 'avec', 'sans', 'si', 'quand', 'lorsque',
      'après', 'avant', 'comme', 'son', 'sa', 'ses', 'leur', 'leurs', 'selon', 'sur', 'sous', 'aujourd’hui',
      "aujourd'hui", 'hier', 'demain', 'cependant', 'pourtant', 'ainsi', 'alors', 'puis', 'aussi', 'de', 'du', 'au',
      'aux', 'à', 'depuis', 'pendant', 'c’est', "c'est", 'il', 'ne', 'y', 'qui', 'que', 'quoi', 'tous', 'tout',
      'toute', 'toutes', 'plusieurs', 'certains', 'd’autres', "d'autres", 'mais', 'or', 'donc', 'enfin',
    ],
    reporting: [
      'a-t-il', 'a-t-elle', 'ont-ils', 'ont-elles', 'dit', 'déclaré', 'affirmé', 'ajouté', 'selon', 'explique',
      'expliqué', 'estime', 'estimé', 'souligné', 'assuré', 'indiqué', 'précisé', 'lancé', 'répondu', 'écrit',
      'dit-il', 'dit-elle', 'déclare', 'affirme', 'ajoute', 'souligne', 'assure', 'indique', 'précise', 'poursuit',
    ],
  },
  de: {
    title: [
      'dr', 'prof', 'hr', 'hrn', 'fr', 'frl', 'dipl', 'ing', 'st', 'z', 'd', 'u', 'v', 'o', 'n', 's', 'nr', 'abs',
      'bd', 'ggf', 'evtl', 'inkl', 'zzgl', 'vgl', 'sog', 'gem', 'bspw', 'ca', 'mind', 'rd', 'urspr', 'verh',
      'zit', 'str', 'tel', 'allg', 'gegr', 'geb', 'gest', 'bzgl', 'i',
    ],
    mid: [
      'bzw', 'b', 'h', 'a', 'ä', 'chr', 'mio', 'mrd', 'tsd', 'jh', 'jhd', 'jan', 'feb', 'mär', 'apr', 'jun', 'jul',
      'aug', 'sep', 'sept', 'okt', 'nov', 'dez', 'max', 'min', 'e.v', 'zz', 'zt', 'z.b', 'd.h', 'u.a', 'v.a', 'o.ä',
      'u.s', 'dt', 'ehem', 'm.e', 'Art',
    ],
    final: ['usw', 'etc', 'ff', 'al'],
    starters: [
      'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einer', 'einen', 'einem', 'er', 'sie', 'es', 'wir',
      'ich', 'ihr', 'man', 'dies', 'diese', 'dieser', 'dieses', 'aber', 'und', 'oder', 'doch', 'in', 'im', 'am',
      'an', 'auf', 'für', 'mit', 'nach', 'vor', 'bei', 'von', 'vom', 'zu', 'zum', 'zur', 'wenn', 'als', 'während',
      'seit', 'sein', 'seine', 'ihre', 'laut', 'auch', 'so', 'dann', 'jetzt', 'heute', 'gestern', 'morgen',
      'damit', 'dabei', 'deshalb', 'daher', 'trotzdem', 'allerdings', 'jedoch', 'außerdem', 'zudem', 'nun', 'hier',
      'dort', 'da', 'wie', 'was', 'wer', 'warum', 'wo', 'nicht', 'kein', 'keine', 'alle', 'viele', 'mehr', 'nur',
      'ob', 'weil', 'obwohl', 'bis', 'um', 'durch', 'gegen', 'ohne', 'unter', 'über', 'zwischen', 'es', 'ist',
      'war', 'sind', 'waren', 'hat', 'haben', 'wird', 'werden',
    ],
    reporting: [
      'sagte', 'sagt', 'erklärte', 'erklärt', 'betonte', 'betont', 'fügte', 'so', 'meinte', 'meint', 'schrieb',
      'schreibt', 'sagten', 'erklärten', 'warnte', 'kritisierte', 'forderte', 'fragte', 'antwortete', 'laut',
    ],
    months: [
      'januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober',
      'november', 'dezember', 'jan', 'feb', 'mär', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'okt', 'nov', 'dez',
    ],
    ordinalNumbers: true,
  },
  pt: {
    title: [
      'sr', 'sra', 'srta', 'srs', 'sras', 'dr', 'dra', 'drs', 'prof', 'profa', 'exmo', 'exma', 'eng', 'd', 'v',
      'exa', 'gen', 'cel', 'cap', 'ten', 'pe', 'p', 'ex', 'pág', 'págs', 'art', 'av', 'n', 'nº', 'n.º', 'núm', 'vol',
      'fig', 'aprox', 'tel', 'sto', 'sta', 'r', 'dep', 'pres', 'gov', 'sen', 'vs',
    ],
    mid: [
      'jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez', 'ltda', 's.a', 'cia',
      'a.c', 'd.c', 'ed', 'max', 'mín', 'máx', 'mi', 'bi', 'tri', 'hab', 'e.u.a', 'min',
    ],
    final: ['etc'],
    starters: [
      'o', 'a', 'os', 'as', 'um', 'uma', 'uns', 'umas', 'ele', 'ela', 'eles', 'elas', 'este', 'esta', 'isto', 'esse',
      'essa', 'isso', 'mas', 'e', 'ou', 'em', 'no', 'na', 'nos', 'nas', 'com', 'por', 'para', 'de', 'do', 'da',
      'se', 'quando', 'enquanto', 'depois', 'antes', 'como', 'seu', 'sua', 'seus', 'suas', 'segundo', 'sem',
      'sobre', 'após', 'hoje', 'ontem', 'além', 'também', 'não', 'já', 'que', 'quem', 'embora', 'assim', 'então',
      'desde', 'até', 'durante', 'outro', 'outra', 'muitos', 'nós', 'eu', 'você', 'há', 'é', 'foi', 'era', 'são',
      'porém', 'contudo', 'entretanto',
    ],
    reporting: [
      'disse', 'diz', 'afirmou', 'afirma', 'declarou', 'segundo', 'explicou', 'acrescentou', 'perguntou',
      'ressaltou', 'destacou', 'assegurou', 'garantiu', 'respondeu', 'escreveu', 'completou', 'avaliou',
    ],
  },
  ru: {
    title: [
      'т', 'ул', 'просп', 'пер', 'им', 'акад', 'проф', 'доц', 'гр', 'ген', 'св', 'ст', 'тов', 'см', 'напр', 'г',
      'рис', 'табл', 'гл', 'стр', 'с', 'ок', 'ср', 'ч', 'к', 'н', 'е', 'пл', 'р', 'пос', 'дер', 'м', 'в', 'л',
    ],
    mid: [
      'млн', 'млрд', 'трлн', 'тыс', 'руб', 'коп', 'долл', 'янв', 'февр', 'апр', 'авг', 'сент', 'окт', 'нояб', 'дек',
      'вв', 'гг', 'мин', 'макс', 'ред', 'изд', 'дол', 'км', 'кг', 'чел', 'обл', 'гос',
    ],
    final: ['др', 'пр', 'д', 'п', 'т.д', 'т.п'],
    starters: [
      'это', 'он', 'она', 'оно', 'они', 'мы', 'я', 'вы', 'в', 'во', 'на', 'но', 'и', 'а', 'по', 'с', 'со', 'к', 'как',
      'так', 'однако', 'потом', 'затем', 'там', 'тогда', 'при', 'после', 'до', 'для', 'из', 'о', 'об', 'у', 'не',
      'все', 'всё', 'этот', 'эта', 'эти', 'кроме', 'также', 'ранее', 'позже', 'сегодня', 'вчера', 'завтра', 'его',
      'ее', 'её', 'их', 'если', 'когда', 'хотя', 'что', 'кто', 'где', 'почему', 'зачем', 'между', 'по', 'ещё', 'еще',
      'уже', 'здесь', 'теперь', 'сейчас', 'кроме', 'среди', 'поэтому', 'впрочем', 'итак', 'нет', 'да', 'же',
    ],
    reporting: [
      'сказал', 'сказала', 'сказали', 'заявил', 'заявила', 'заявили', 'отметил', 'отметила', 'добавил',
      'добавила', 'пишет', 'говорит', 'подчеркнул', 'подчеркнула', 'сообщил', 'сообщила', 'пояснил', 'пояснила',
      'считает', 'уточнил', 'уточнила', 'рассказал', 'рассказала', 'ответил', 'ответила', 'спросил', 'спросила',
    ],
    numberFinal: ['г', 'гг', 'в', 'вв', 'м', 'км', 'кг', 'руб', 'р', 'л', 'см', 'ч', 'мин', 'тыс', 'млн', 'млрд', 'долл', 'коп'],
  },
  uk: {
    title: [
      'т', 'вул', 'просп', 'пров', 'ім', 'акад', 'проф', 'доц', 'ген', 'св', 'ст', 'див', 'напр', 'рис', 'табл',
      'с', 'ч', 'смт', 'м', 'зв', 'пл', 'буд', 'кв', 'н', 'е', 'б', 'р', 'л',
    ],
    mid: [
      'млн', 'млрд', 'трлн', 'тис', 'грн', 'коп', 'дол', 'січ', 'лют', 'берез', 'квіт', 'трав', 'черв', 'лип',
      'серп', 'верес', 'жовт', 'листоп', 'груд', 'рр', 'стст', 'мін', 'макс', 'км', 'кг', 'осіб', 'обл', 'ред',
    ],
    final: ['ін', 'д', 'п', 'т.д', 'т.п'],
    starters: [
      'це', 'він', 'вона', 'воно', 'вони', 'ми', 'я', 'ви', 'в', 'у', 'на', 'але', 'і', 'й', 'та', 'а', 'по', 'з',
      'із', 'зі', 'до', 'як', 'так', 'однак', 'проте', 'потім', 'згодом', 'там', 'тоді', 'при', 'після', 'для',
      'о', 'про', 'не', 'всі', 'усі', 'цей', 'ця', 'ці', 'крім', 'також', 'раніше', 'пізніше', 'сьогодні', 'вчора',
      'учора', 'завтра', 'його', 'її', 'їх', 'якщо', 'коли', 'хоча', 'що', 'хто', 'де', 'чому', 'між', 'ще', 'вже',
      'тут', 'тепер', 'зараз', 'серед', 'тому', 'отже', 'ні', 'так', 'за',
    ],
    reporting: [
      'сказав', 'сказала', 'сказали', 'заявив', 'заявила', 'заявили', 'зазначив', 'зазначила', 'додав', 'додала',
      'пише', 'каже', 'наголосив', 'наголосила', 'повідомив', 'повідомила', 'пояснив', 'пояснила', 'вважає',
      'уточнив', 'уточнила', 'розповів', 'розповіла', 'відповів', 'відповіла', 'запитав', 'запитала',
    ],
    numberFinal: ['р', 'рр', 'ст', 'м', 'км', 'кг', 'грн', 'л', 'тис', 'млн', 'млрд', 'дол', 'коп', 'год', 'хв'],
  },
  ar: {
    title: ['د', 'أ', 'م', 'ج', 'ص', 'ق', 'س'],
    mid: ['هـ'],
    numberFinal: ['م', 'هـ', 'ق'],
    final: [],
    starters: [],
    reporting: ['قال', 'وقال', 'قالت', 'وقالت', 'أضاف', 'وأضاف', 'أضافت', 'وأضافت', 'صرح', 'وصرح', 'أكد', 'وأكد', 'أكدت', 'وأكدت', 'أوضح', 'وأوضح', 'بحسب', 'حسب', 'وفق', 'وفقا'],
  },
  hi: {
    title: ['डॉ', 'प्रो', 'श्री', 'श्रीमती', 'सुश्री', 'रु', 'स्व', 'मो', 'कु', 'पं', 'इं', 'ले', 'जन', 'उ', 'प्र'],
    mid: ['ई', 'ई.पू', 'लि', 'सं'],
    numberFinal: ['ई', 'ई.पू'],
    final: [],
    starters: [],
    reporting: ['कहा', 'बताया', 'कहते', 'कहती', 'पूछा', 'लिखा', 'बोले', 'बोलीं', 'अनुसार'],
  },
  zh: {
    title: [],
    mid: [],
    final: [],
    starters: [],
    reporting: ['说', '表示', '称', '指出', '道', '问', '强调', '认为', '写道', '回应', '补充'],
  },
};

export interface CompiledRules {
  exact: Map<string, AbbrevClass>;
  lower: Map<string, AbbrevClass>;
  starters: Set<string>;
  reporting: Set<string>;
  months: Set<string>;
  ordinalNumbers: boolean;
  numberFinal: Set<string>;
}

const compiled = new Map<string, CompiledRules>();

/** Generic rules used for every language (Latin-script titles and abbreviations common in news). */
const GENERIC: LanguageRules = {
  title: ['dr', 'prof', 'mr', 'mrs', 'ms', 'st'],
  mid: ['u.s', 'u.k', 'u.n', 'e.g', 'i.e', 'a.m', 'p.m', 'inc', 'ltd', 'co', 'corp'],
  final: ['etc'],
  starters: [],
  reporting: [],
};

export function rulesFor(lang: string): CompiledRules {
  const key = RULES[lang] ? lang : 'und';
  let c = compiled.get(key);
  if (c) return c;
  const exact = new Map<string, AbbrevClass>();
  const lower = new Map<string, AbbrevClass>();
  const sources: LanguageRules[] = key === 'und' ? [GENERIC] : [GENERIC, RULES[key]];
  for (const r of sources) {
    for (const cls of ['mid', 'final', 'title'] as AbbrevClass[]) {
      for (const a of r[cls]) {
        const k = a.replace(/\.$/, '');
        if (k !== k.toLowerCase()) exact.set(k, cls);
        else lower.set(k, cls);
      }
    }
  }
  const r = RULES[key];
  c = {
    exact,
    lower,
    starters: new Set((r?.starters ?? RULES.en.starters).map((s) => s.toLowerCase())),
    reporting: new Set(r?.reporting ?? []),
    months: new Set(r?.months ?? []),
    ordinalNumbers: !!r?.ordinalNumbers,
    numberFinal: new Set(r?.numberFinal ?? []),
  };
  compiled.set(key, c);
  return c;
}
