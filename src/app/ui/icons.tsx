import type { FlowType } from '../../core/flows.js';

/** One simple line icon per flow (decorative: the label beside it says the same). */
const PATHS: Record<FlowType, string> = {
  defective: 'M4 7l8-4 8 4v10l-8 4-8-4zM4 7l8 4 8-4M12 11v10M9 13l2 2-2 2',
  notReceived:
    'M3 7h11v9H3zM14 10h4l3 3v3h-7zM6.5 19a1.5 1.5 0 100-3 1.5 1.5 0 000 3zM17.5 19a1.5 1.5 0 100-3 1.5 1.5 0 000 3zM6 10l5 4M11 10l-5 4',
  return: 'M9 14L4 9l5-5M4 9h10a6 6 0 010 12h-3',
  missingProduct: 'M4 7l8-4 8 4v10l-8 4-8-4zM4 7l8 4 8-4M12 11v10M15 14h4',
  wrongProduct: 'M4 7l8-4 8 4v10l-8 4-8-4zM4 7l8 4 8-4M15 13l4 4M19 13l-4 4',
  dissatisfied: 'M12 21a9 9 0 100-18 9 9 0 000 18zM8 16s1.5-2 4-2 4 2 4 2M9 9h.01M15 9h.01',
  support: 'M12 21a9 9 0 100-18 9 9 0 000 18zM9.1 9a3 3 0 015.8 1c0 2-3 3-3 3M12 17h.01',
};

export function FlowIcon(props: { flow: FlowType }) {
  return (
    <svg class="flow-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path
        d={PATHS[props.flow]}
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
