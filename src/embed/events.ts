import { createEmitter, type Emitter } from '../core/emitter.js';
import { reportError, warn } from './safe.js';

/** Events merchants can listen to with `KarlaResolve.on(name, callback)`. */
export interface EmbedEvents {
  'tile:shown': { kind: 'inline' | 'floating'; language: string; href: string };
  'tile:clicked': { kind: 'inline' | 'floating'; language: string; href: string };
  'claim:submitted': { uuid: string; order_number: string; status: string };
}
export type EmbedEventName = keyof EmbedEvents;
export const EMBED_EVENT_NAMES: readonly EmbedEventName[] = ['tile:shown', 'tile:clicked', 'claim:submitted'];

export function isEmbedEventName(value: unknown): value is EmbedEventName {
  return typeof value === 'string' && (EMBED_EVENT_NAMES as readonly string[]).includes(value);
}

/** The embed's events as listeners, one payload each. */
export type EmbedListeners = { [E in EmbedEventName]: (payload: EmbedEvents[E]) => void };

/** The embed's emitter: a merchant callback that throws is their bug, reported once, never ours to crash on. */
export type EventHub = Emitter<EmbedListeners>;

export function createEventHub(): EventHub {
  return createEmitter<EmbedListeners>(reportError);
}

/** `KarlaResolve.on/off(event, callback)` with whatever the merchant passed: checked, never thrown on. */
export function subscribeUntrusted(events: EventHub, verb: 'on' | 'off', event: unknown, callback: unknown): void {
  if (!isEmbedEventName(event) || typeof callback !== 'function') {
    warn(`${verb}(): unknown event "${String(event)}" or missing callback.`);
    return;
  }
  events[verb](event, callback as (payload: EmbedEvents[EmbedEventName]) => void);
}
