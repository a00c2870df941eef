import { describe, expect, it, vi } from 'vitest';
import { createEmbedBridge } from '../../src/app/embed-bridge.js';

/** A framed flow window: its own location, and a parent whose postMessage we observe. */
function framed(search: string, top = false) {
  const parent = { postMessage: vi.fn() };
  const self = {};
  return {
    win: { location: { search } as Location, parent: (top ? self : parent) as unknown as Window, self },
    parent,
  };
}

const claim = { uuid: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', order_number: '#1001', status: 'pending' };

describe('createEmbedBridge', () => {
  it('posts the submitted claim to the parent origin it was opened for, and only there', async () => {
    const { win, parent } = framed('?lang=en&embed=overlay&parentOrigin=https%3A%2F%2Fshop.example');
    const bridge = createEmbedBridge(win);
    expect(bridge.embedded).toBe(true);
    bridge.claimSubmitted({ ...claim, extra: 'not sent' } as typeof claim);
    bridge.close();
    await vi.waitFor(() => expect(parent.postMessage).toHaveBeenCalledTimes(2));
    expect(parent.postMessage.mock.calls).toEqual([
      [{ source: 'karla-resolve', type: 'claim:submitted', claim }, 'https://shop.example'],
      [{ source: 'karla-resolve', type: 'close' }, 'https://shop.example'],
    ]);
  });

  it.each([
    ['not framed', '?embed=overlay&parentOrigin=https%3A%2F%2Fshop.example', true],
    ['no overlay flag', '?parentOrigin=https%3A%2F%2Fshop.example', false],
    ['no parent origin', '?embed=overlay', false],
    ['a javascript: parent origin', '?embed=overlay&parentOrigin=javascript%3Aalert(1)', false],
    ['a plain-http public origin', '?embed=overlay&parentOrigin=http%3A%2F%2Fshop.example', false],
  ])('stays silent when %s', (_name, search, top) => {
    const { win, parent } = framed(search, top);
    const bridge = createEmbedBridge(win);
    expect(bridge.embedded).toBe(false);
    bridge.claimSubmitted(claim);
    bridge.close();
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('never sends a malformed claim', async () => {
    const { win, parent } = framed('?embed=overlay&parentOrigin=https%3A%2F%2Fshop.example');
    const bridge = createEmbedBridge(win);
    bridge.claimSubmitted({ ...claim, uuid: 'not-a-uuid' });
    // A valid message after it arrives alone: the malformed one was checked and dropped.
    bridge.close();
    await vi.waitFor(() => expect(parent.postMessage).toHaveBeenCalledTimes(1));
    expect(parent.postMessage.mock.calls).toEqual([
      [{ source: 'karla-resolve', type: 'close' }, 'https://shop.example'],
    ]);
  });
});
