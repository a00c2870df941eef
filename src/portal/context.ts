import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { TFunction } from 'i18next';
import type { Api } from './api.js';
import type { PortalLanguage } from './i18n.js';

/** What every page needs: strings, the API, and where the snippets and preview point. */
export interface PortalContextValue {
  t: TFunction;
  language: PortalLanguage;
  api: Api;
  apiOrigin: string;
  appOrigin: string;
}

export const PortalContext = createContext<PortalContextValue | undefined>(undefined);

export function usePortal(): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('usePortal outside the portal');
  return value;
}
