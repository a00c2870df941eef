/**
 * Type-level tests of the public API, checked by `tsc` (npm run typecheck, part of npm test):
 * every `@ts-expect-error` must be an error, everything else must compile.
 */
import { createResolveClient, mountTile, off, on, open, type MountedTile } from '../../src/embed/esm.js';
import type { ResolveError } from '../../src/client/index.js';
import type { KarlaResolveApi } from '../../src/embed/public-api.js';

declare const element: HTMLElement;
declare const global: KarlaResolveApi;

const tile: MountedTile = mountTile(element, {
  shopSlug: 'my-shop',
  orderNumber: '1001',
  zipCode: '10119',
  variant: 'button',
});
void tile.refresh();
tile.destroy();
// @ts-expect-error the shop is required
mountTile(element, {});
// @ts-expect-error only 'tile' and 'button'
mountTile(element, { shopSlug: 'my-shop', variant: 'banner' });

open({ shopSlug: 'my-shop', target: 'overlay', flowType: 'notReceived', token: 'abc' });
open({ shopSlug: 'my-shop', target: 'new-tab' });
// @ts-expect-error unknown target
open({ shopSlug: 'my-shop', target: 'popup' });

on('tile:shown', (event) => {
  const kind: 'inline' | 'floating' = event.kind;
  void kind;
});
on('claim:submitted', (claim) => {
  const uuid: string = claim.uuid;
  void uuid;
  // @ts-expect-error a claim event has no href
  void claim.href;
});
// @ts-expect-error unknown event
on('claim:deleted', () => {});
off('tile:clicked', () => {});

const client = createResolveClient({ shopSlug: 'my-shop', apiOrigin: 'https://api.gokarla.io', language: 'de' });
void client.lookup({ orderNumber: '1001', zipCode: '10119' });
void client.lookup({ token: 'abc' });
// @ts-expect-error a lookup needs both order number and ZIP, or a token
void client.lookup({ orderNumber: '1001' });
const kind: ResolveError['kind'] = 'rate_limited';
void kind;

// The script tag's global: loosely typed on purpose (merchants call it from plain JS), never throws.
global.open({ orderNumber: '1001', target: 'overlay' });
global.on('tile:shown', () => {});
const loaded: true = global.loaded;
void loaded;
