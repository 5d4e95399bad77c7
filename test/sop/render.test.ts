import { describe, expect, it } from 'vitest';
import { compileSopText, renderSopText } from 'siyu/sop';

describe('renderSopText', () => {
  it('substitutes literally: $&, $1, $$ and $` render exactly', () => {
    for (const nickname of ['A$&B', '$1', '$$', '$`', "$'", '{{x}}']) {
      expect(renderSopText('Hi {{nickname}}!', { nickname })).toEqual({ ok: true, text: `Hi ${nickname}!` });
    }
  });

  it('numbers, defaults, repeated slots and spaces inside the braces', () => {
    expect(renderSopText('{{ n }} + {{n}} = {{sum}}', { n: 2 }, { sum: 'four' })).toEqual({ ok: true, text: '2 + 2 = four' });
    expect(renderSopText('{{a}}', { a: '' }, { a: 'default' })).toEqual({ ok: true, text: '' });
  });

  it('a missing variable is a typed result; inherited properties are not values', () => {
    expect(renderSopText('Hi {{toString}}', {})).toEqual({ ok: false, reason: 'missing_variable', message: 'variable "toString" has no value and no default', variable: 'toString' });
  });

  it('malformed slots stay literal', () => {
    expect(compileSopText('{{ 1x }} {{a b}} {{ok}} {{')).toEqual({ literals: ['{{ 1x }} {{a b}} ', ' {{'], slots: ['ok'] });
    expect(compileSopText('')).toEqual({ literals: [''], slots: [] });
  });
});
