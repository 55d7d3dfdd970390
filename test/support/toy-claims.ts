/** A tiny separable set for the check-worthiness trainers' unit tests: factual claims and other lines. */
export const TOY_CLAIMS = [
  'Unemployment fell to 3.5 percent in 2019.',
  'The deficit tripled since 2008.',
  'Taxes rose by 20 percent last year.',
  'We created 2 million jobs in four years.',
];
export const TOY_OTHERS = [
  'I think we can do better.',
  'Thank you for the question.',
  'What will you do about it?',
  'Good evening, everyone.',
];
