import { locales } from '../../../locales/index.js';
import { claimReference } from '../../core/claim-reference.js';
import type { Language } from '../../core/languages.js';
import type { ClaimDeliveryInput } from './input.js';

/**
 * The ticket / conversation text for a claim, in the claim's language: a subject from the reason
 * and order number, and one message (plain text and HTML) with the customer's notes, the flow,
 * the preference, order number, carrier, tracking number, shipment status and the affected items.
 * Everything that came from a customer or a merchant system is escaped in the HTML: helpdesks
 * render it to agents, and a description like `<img src=x onerror=…>` must stay text.
 */

export const MAX_SUBJECT_LENGTH = 998; // Gorgias's limit (RFC 5322's line length)

type DeliveryStrings = (typeof locales)['en']['delivery'];

export function deliveryStrings(language: Language): DeliveryStrings {
  return (locales[language] ?? locales.en).delivery;
}

/** `{{name}}` placeholders; values are inserted as they are (escape the result for HTML). */
export function interpolate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

export interface RenderedClaim {
  subject: string;
  text: string;
  html: string;
}

export interface RenderOptions {
  /** File names of what travels as attachments, in order. */
  attachmentNames: readonly string[];
  /** Files that could not be attached (too large for the helpdesk): named with a download link. */
  unattached?: readonly { name: string; url: string }[];
}

/**
 * `Partial damage – order #1001 [D3B07384]`: the reference the customer saw on the confirmation
 * ends the subject, and survives any truncation, so an agent can search for what a customer quotes.
 */
export function claimSubject(input: ClaimDeliveryInput): string {
  const strings = deliveryStrings(input.claim.language);
  const subject = interpolate(strings.subject, {
    reason: strings.reason[input.claim.reason],
    order_number: input.claim.order_number,
  });
  const suffix = ` [${claimReference(input.claim.uuid)}]`;
  return `${truncate(subject.replace(/[\r\n]+/g, ' '), MAX_SUBJECT_LENGTH - suffix.length)}${suffix}`;
}

export function renderClaimMessage(input: ClaimDeliveryInput, options: RenderOptions): RenderedClaim {
  const { claim } = input;
  const strings = deliveryStrings(claim.language);
  const label = strings.label;
  const unknown = label.unknown;

  const facts: [string, string][] = [
    [label.issue, strings.flow[claim.flow_type]],
    [label.preference, strings.preference[claim.resolution_preference]],
    [label.order_number, claim.order_number],
    [label.carrier, claim.carrier_reference ?? unknown],
    [label.tracking_number, claim.tracking_number ?? unknown],
  ];
  if (input.shipmentPhase) facts.push([label.shipment_status, strings.phase[input.shipmentPhase]]);
  if (claim.dropoff_permission !== null)
    facts.push([label.dropoff_permission, claim.dropoff_permission ? label.yes : label.no]);

  const items = claim.selected_items.map((item) =>
    interpolate(label.item_line, { quantity: item.quantity, title: item.title, sku: item.sku }),
  );
  const notes = claim.description?.trim() ? claim.description.trim() : null;
  const intro = interpolate(strings.intro, { name: input.customer.name, order_number: claim.order_number });
  const unattached = (options.unattached ?? []).map(({ name, url }) => ({
    name,
    url,
    line: interpolate(label.not_attached, { name, url }),
  }));

  const reference = claimReference(claim.uuid);
  // The first line: the reference the customer saw on the confirmation page.
  const text = [
    `${label.reference}: ${reference}`,
    '',
    intro,
    '',
    `${label.notes}:`,
    notes ?? label.no_notes,
    '',
    ...facts.map(([name, value]) => `${name}: ${value}`),
    ...(items.length ? ['', `${label.items}:`, ...items.map((line) => `- ${line}`)] : []),
    ...(options.attachmentNames.length || unattached.length
      ? [
          '',
          `${label.attachments}:`,
          ...options.attachmentNames.map((name) => `- ${name}`),
          ...unattached.map((u) => `- ${u.line}`),
        ]
      : []),
    '',
    `${label.claim_id}: ${claim.uuid}`,
  ].join('\n');

  const e = escapeHtml;
  const paragraphs = (value: string) => e(value).replace(/\r?\n/g, '<br>');
  const html = [
    `<p><strong>${e(label.reference)}: ${e(reference)}</strong></p>`,
    `<p>${e(intro)}</p>`,
    `<p><strong>${e(label.notes)}</strong><br>${notes ? paragraphs(notes) : `<em>${e(label.no_notes)}</em>`}</p>`,
    `<table>${facts.map(([name, value]) => `<tr><th align="left">${e(name)}</th><td>${e(value)}</td></tr>`).join('')}</table>`,
    ...(items.length
      ? [`<p><strong>${e(label.items)}</strong></p><ul>${items.map((line) => `<li>${e(line)}</li>`).join('')}</ul>`]
      : []),
    ...(options.attachmentNames.length || unattached.length
      ? [
          `<p><strong>${e(label.attachments)}</strong></p><ul>${[
            ...options.attachmentNames.map((name) => `<li>${e(name)}</li>`),
            ...unattached.map((u) => {
              // Split the sentence around the URL so the link is markup and everything else text.
              const [before = '', after = ''] = interpolate(label.not_attached, { name: u.name, url: '\u0000' }).split(
                '\u0000',
              );
              return `<li>${e(before)}<a href="${e(u.url)}">${e(u.url)}</a>${e(after)}</li>`;
            }),
          ].join('')}</ul>`,
        ]
      : []),
    `<p><small>${e(label.claim_id)}: ${e(claim.uuid)}</small></p>`,
  ].join('\n');

  return { subject: claimSubject(input), text, html };
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
