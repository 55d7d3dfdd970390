import { parseDocument } from 'htmlparser2';
import { franc } from 'franc-min';
describe('toolchain', () => {
  it('loads ESM deps', () => {
    expect(parseDocument('<p>x</p>').children.length).toBe(1);
    expect(franc('Das ist ein ziemlich langer deutscher Satz über die Wirtschaft und die Politik.')).toBe('deu');
  });
});
