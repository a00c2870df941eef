import { describe, expect, it } from 'vitest';
import { parsePlaceholderOptions } from '../../src/core/placeholder-options.js';

const read = (attributes: Record<string, string>) => (name: string) => attributes[name] ?? null;

describe('parsePlaceholderOptions', () => {
  it('reads deep-link options and the button variant', () => {
    expect(
      parsePlaceholderOptions(
        read({
          'data-flow-type': 'notReceived',
          'data-order-number': '#1001',
          'data-zip-code': 'SW1A 1AA',
          'data-token': 'abcDEF123_-.abcdefgh',
          'data-variant': 'button',
        }),
      ),
    ).toEqual({
      variant: 'button',
      deepLink: { flowType: 'notReceived', orderNumber: '#1001', zipCode: 'SW1A 1AA', token: 'abcDEF123_-.abcdefgh' },
    });
  });

  it('defaults to a plain tile without deep link', () => {
    expect(parsePlaceholderOptions(read({}))).toEqual({ variant: 'tile', deepLink: {} });
  });

  it.each([
    ['an unknown flow', { 'data-flow-type': 'refundEverything' }],
    ['a flow with a different case', { 'data-flow-type': 'notreceived' }],
    ['an order number with a newline', { 'data-order-number': '1001\nSet-Cookie: x' }],
    ['an overlong order number', { 'data-order-number': '1'.repeat(65) }],
    ['a ZIP with markup', { 'data-zip-code': '<b>10119</b>' }],
    ['a short token', { 'data-token': 'abc' }],
    ['a token with spaces', { 'data-token': 'abc def ghi jkl mno pqr' }],
    ['an unknown variant', { 'data-variant': 'banner' }],
  ])('drops %s', (_name, attributes) => {
    expect(parsePlaceholderOptions(read(attributes))).toEqual({ variant: 'tile', deepLink: {} });
  });
});
