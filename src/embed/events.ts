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

type Callback = (payload: never) => void;

/** A small emitter whose listeners can never break the bundle or each other. */
export class EventHub {
  // Assigned in the constructor, not as a class field: down-levelled for older browsers, a field
  // would pull a defineProperty helper into the bundle's first file.
  private declare readonly listeners: Map<EmbedEventName, Set<Callback>>;

  constructor() {
    this.listeners = new Map();
  }

  on<E extends EmbedEventName>(name: E, callback: (payload: EmbedEvents[E]) => void): void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(callback as Callback);
  }

  off<E extends EmbedEventName>(name: E, callback: (payload: EmbedEvents[E]) => void): void {
    this.listeners.get(name)?.delete(callback as Callback);
  }

  emit<E extends EmbedEventName>(name: E, payload: EmbedEvents[E]): void {
    for (const callback of [...(this.listeners.get(name) ?? [])]) {
      try {
        (callback as (payload: EmbedEvents[E]) => void)(payload);
      } catch (error) {
        // The merchant's callback threw: their bug, reported once, never ours to crash on.
        reportError(error);
      }
    }
  }
}

/** `KarlaResolve.on/off(event, callback)` with whatever the merchant passed: checked, never thrown on. */
export function subscribeUntrusted(events: EventHub, verb: 'on' | 'off', event: unknown, callback: unknown): void {
  if (!isEmbedEventName(event) || typeof callback !== 'function') {
    warn(`${verb}(): unknown event "${String(event)}" or missing callback.`);
    return;
  }
  events[verb](event, callback as (payload: EmbedEvents[EmbedEventName]) => void);
}
