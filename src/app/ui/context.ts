import type { TranslateFn } from '../i18n.js';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Language } from '../../core/languages.js';
import type { FlowStore, Message } from '../store/index.js';

/** What every step component needs: the store, the strings, the language. */
export interface FlowContextValue {
  store: FlowStore;
  t: TranslateFn;
  language: Language;
  /** The camera button is offered only where a camera is likely (touch screens). */
  hasCamera: boolean;
}

export const FlowContext = createContext<FlowContextValue | null>(null);

export function useFlow(): FlowContextValue {
  const value = useContext(FlowContext);
  if (!value) throw new Error('useFlow outside <FlowContext.Provider>');
  return value;
}

/** A message from the store, in the customer's language. */
export function useMessage(): (message: Message | undefined) => string {
  const { t } = useFlow();
  return (message) => (message ? t(`flow.${message.key}`, message.values ?? {}) : '');
}
