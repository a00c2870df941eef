import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { locales } from '../../../locales/index.js';
import {
  DEFAULT_HELPDESK_TAGS,
  INTEGRATION_ERROR_KEYS,
  deliverySchema,
  dixaSettingsInputSchema,
  gorgiasSettingsInputSchema,
  helpdeskTagSettingsSchema,
  maskSecret,
} from '../../../src/core/integrations.js';
import { claimReference } from '../../../src/core/claim-reference.js';
import { SUPPORTED_LANGUAGES } from '../../../src/core/languages.js';
import { claimSubject, escapeHtml, interpolate, renderClaimMessage } from '../../../src/server/delivery/content.js';
import { claimFieldValue, claimTagNames } from '../../../src/server/delivery/facts.js';
import { attachmentFileNames, buildClaimDeliveryInput } from '../../../src/server/delivery/input.js';
import { parseDeliveryProgress } from '../../../src/server/delivery/progress.js';
import { openSecret, deriveSecretBoxKey, sealSecret } from '../../../src/server/delivery/secret-box.js';
import { CLAIM_ID, PACKAGE, PHOTO_A, PHOTO_B, sampleClaim, sampleInput } from './support.js';

describe('the ticket text', () => {
  it.each(SUPPORTED_LANGUAGES)(
    'is written in the claim language (%s): subject from reason, order number and the claim reference',
    (language) => {
      const input = sampleInput({ language });
      const strings = locales[language].delivery;
      // The 8 characters the customer saw on the confirmation page: in the subject and the first line.
      const reference = claimReference(CLAIM_ID);
      expect(reference).toBe('2F1C3B4A');
      expect(claimSubject(input)).toBe(
        `${interpolate(strings.subject, { reason: strings.reason.partial_damage, order_number: '#1001' })} [${reference}]`,
      );
      const { text, html } = renderClaimMessage(input, { attachmentNames: ['photo-1.jpg'] });
      expect(text.split('\n')[0]).toBe(`${strings.label.reference}: ${reference}`);
      expect(html.split('\n')[0]).toBe(`<p><strong>${escapeHtml(strings.label.reference)}: ${reference}</strong></p>`);
      for (const fact of [
        strings.flow.defective,
        strings.preference.refund,
        strings.label.carrier,
        strings.phase.delivered,
        strings.label.items,
        'photo-1.jpg',
      ]) {
        expect(text).toContain(fact);
        expect(html).toContain(escapeHtml(fact));
      }
      expect(text).not.toMatch(/\{\{/);
    },
  );

  it('says when there are no notes, shows drop-off permission only when known, and unknown carrier data as such', () => {
    const input = sampleInput({
      attachments: false,
      claim: {
        description: null,
        dropoff_permission: false,
        carrier_reference: null,
        tracking_number: null,
        flow_type: 'notReceived',
        reason: 'investigation',
      },
    });
    const { text, html } = renderClaimMessage(input, { attachmentNames: [] });
    expect(text).toContain('The customer left no notes.');
    expect(text).toContain('Parcel may be left without a signature: No');
    expect(text).toContain('Carrier: Not known');
    expect(text).not.toContain('Attachments');
    expect(html).toContain('<em>The customer left no notes.</em>');
    expect(renderClaimMessage(sampleInput(), { attachmentNames: [] }).text).not.toContain('signature');
  });

  it('escapes everything in the HTML and keeps line breaks', () => {
    const input = sampleInput({
      claim: {
        description: '<script>alert(1)</script>\n"quoted" & \'single\'',
        order_number: '<b>1001</b>',
        carrier_reference: '<i>dhl</i>',
        selected_items: [
          {
            sku: '"><img src=x>',
            title: '<svg onload=alert(2)>',
            quantity: 1,
            net_price: null,
            image_urls: [],
            product_image_url: null,
          },
        ],
      },
    });
    input.customer.name = '<marquee>Jane</marquee>';
    const { html, subject } = renderClaimMessage(input, {
      attachmentNames: ['<x>.jpg'],
      unattached: [{ name: 'big.jpg', url: 'https://api.example/v1/files/1?a=1&b="2"' }],
    });
    expect(html).not.toMatch(/<(script|b|i|img|svg|marquee|x)[\s>]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>&quot;quoted&quot; &amp; &#39;single&#39;');
    expect(html).toContain('<a href="https://api.example/v1/files/1?a=1&amp;b=&quot;2&quot;">');
    expect(subject).toContain('<b>1001</b>'); // the subject is plain text: helpdesks escape it themselves
  });

  it('keeps subjects within Gorgias’s 998 characters and on one line', () => {
    const subject = claimSubject(sampleInput({ claim: { order_number: `${'9'.repeat(1200)}\r\nX` } }));
    expect(subject.length).toBe(998);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.endsWith('… [2F1C3B4A]')).toBe(true);
  });
});

describe('tags and custom field values', () => {
  it('uses default names, shop names, groups switched on or off, and never repeats a tag', () => {
    expect(claimTagNames(sampleInput())).toEqual(['resolve', 'resolve-defective', 'wants-refund']);
    expect(
      claimTagNames(sampleInput(), {
        flow_type: { enabled: true, names: { defective: 'Damaged' } },
        resolution_preference: { enabled: false },
        shipment_phase: { enabled: true, names: { delivered: 'damaged' } },
        always: ['Resolve', 'resolve'],
      }),
    ).toEqual(['Resolve', 'Damaged']);
    const noPhase = { ...sampleInput(), shipmentPhase: null };
    expect(claimTagNames(noPhase, { ...DEFAULT_HELPDESK_TAGS, shipment_phase: { enabled: true } })).toEqual([
      'resolve',
      'resolve-defective',
      'wants-refund',
    ]);
  });

  it('reads every mappable fact from the claim', () => {
    const input = sampleInput();
    expect(claimFieldValue(input, 'claim_id')).toBe(CLAIM_ID);
    expect(claimFieldValue(input, 'affected_skus')).toBe('MUG-01, PLATE-7');
    expect(claimFieldValue(input, 'affected_quantity')).toBe(3);
    expect(claimFieldValue(input, 'net_invoice_amount')).toBe(59.8);
    expect(claimFieldValue(input, 'shipment_phase')).toBe('delivered');
    expect(claimFieldValue(input, 'dropoff_permission')).toBeNull();
    expect(claimFieldValue(input, 'language')).toBe('en');
  });
});

describe('building the input from what the API stores', () => {
  it('orders files as the claim does, types them from the uploads, picks the claim’s shipment phase', () => {
    const input = buildClaimDeliveryInput({
      claim: sampleClaim({ shipment_id: 'ship-2' }),
      customer: { name: 'Jane Doe', email: 'jane@example.com' },
      shipments: [
        { id: 'ship-1', phase: 'in_transit' },
        { id: 'ship-2', phase: 'delivered' },
      ],
      draft: {
        upload_ids: [PHOTO_A],
        selected_items: [{ sku: 'MUG-01', quantity: 2, upload_ids: [PHOTO_B] }],
        package_upload_ids: [PACKAGE],
        signature_upload_id: undefined,
      },
      uploads: new Map([
        [PHOTO_A, { content_type: 'image/jpeg', size: 10 }],
        [PHOTO_B, { content_type: 'image/png', size: 11 }],
        [PACKAGE, { content_type: 'image/webp' }],
      ]),
    });
    expect(input.shipmentPhase).toBe('delivered');
    expect(input.attachments).toEqual([
      { id: PHOTO_A, kind: 'photo', sku: null, contentType: 'image/jpeg', size: 10 },
      { id: PHOTO_B, kind: 'photo', sku: 'MUG-01', contentType: 'image/png', size: 11 },
      { id: PACKAGE, kind: 'package_photo', sku: null, contentType: 'image/webp', size: null },
    ]);
    expect(attachmentFileNames(input.attachments)).toEqual(['photo-1.jpg', 'photo-MUG-01-1.png', 'package-1.webp']);
    expect(
      attachmentFileNames([
        { id: 'a', kind: 'photo', sku: '../../etc/passwd', contentType: 'application/pdf', size: null },
        { id: 'b', kind: 'signature', sku: null, contentType: 'image/png', size: null },
        { id: 'c', kind: 'photo', sku: null, contentType: 'text/html', size: null },
      ]),
    ).toEqual(['photo-etc-passwd-1.pdf', 'signature.png', 'photo-1.bin']);
  });

  it('reads stored progress defensively', () => {
    expect(parseDeliveryProgress({ remote_id: '12', steps: ['tags'] })).toEqual({ remote_id: '12', steps: ['tags'] });
    expect(parseDeliveryProgress('garbage')).toEqual({});
    expect(parseDeliveryProgress({ steps: ['unknown-step'] })).toEqual({});
  });
});

describe('integration settings schemas', () => {
  it('masks secrets', () => {
    expect(maskSecret('gorgias-test-key-0123456789')).toBe('••••6789');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret(null)).toBe('');
  });

  it('validates settings input', () => {
    expect(
      z.safeParse(gorgiasSettingsInputSchema, {
        endpoint: 'https://acme.gorgias.com',
        email: 'a@b.co',
        api_key: 'k',
        custom_fields: [{ field_id: 11, source: 'order_number' }],
      }).success,
    ).toBe(true);
    expect(
      z.safeParse(gorgiasSettingsInputSchema, {
        endpoint: 'x',
        email: 'y',
        custom_fields: [
          { field_id: 11, source: 'order_number' },
          { field_id: 11, source: 'reason' },
        ],
      }).success,
    ).toBe(false);
    expect(
      z.safeParse(dixaSettingsInputSchema, { api_token: 't', email_integration_id: null, default_agent_id: '' })
        .success,
    ).toBe(true);
    expect(
      z.safeParse(dixaSettingsInputSchema, { custom_attributes: [{ attribute_id: 'not-a-uuid', source: 'reason' }] })
        .success,
    ).toBe(false);
    expect(z.safeParse(helpdeskTagSettingsSchema, { ...DEFAULT_HELPDESK_TAGS, always: ['a,b'] }).success).toBe(false);
    expect(
      z.safeParse(helpdeskTagSettingsSchema, {
        ...DEFAULT_HELPDESK_TAGS,
        flow_type: { enabled: true, names: { defective: '  Damaged  ' } },
      }),
    ).toMatchObject({
      success: true,
      data: { flow_type: { names: { defective: 'Damaged' } } },
    });
  });

  it('has a merchant message in every language for every error key', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const messages = locales[language].delivery.errors as Record<string, string>;
      expect(Object.keys(messages).sort()).toEqual([...INTEGRATION_ERROR_KEYS].sort());
    }
  });

  it('describes a delivery record', () => {
    const delivery = {
      id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
      claim_id: CLAIM_ID,
      event_ref: '0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a',
      event_name: 'claims/created',
      target: 'gorgias',
      webhook_id: null,
      state: 'pending',
      attempts: 2,
      remote_id: null,
      remote_url: null,
      last_error: {
        key: 'delivery_server_error',
        message: 'POST /api/tickets: Gorgias answered 503',
        retryable: true,
        status: 503,
      },
      warnings: [],
      next_attempt_at: '2025-03-01T10:05:00+00:00',
      delivered_at: null,
      created_at: '2025-03-01T10:00:00+00:00',
      updated_at: '2025-03-01T10:01:00+00:00',
    };
    expect(z.safeParse(deliverySchema, delivery).success).toBe(true);
    expect(
      z.safeParse(deliverySchema, { ...delivery, last_error: { ...delivery.last_error, key: 'made_up' } }).success,
    ).toBe(false);
    expect(z.safeParse(deliverySchema, { ...delivery, state: 'retrying' }).success).toBe(false);
  });
});

describe('secret box', () => {
  const key = deriveSecretBoxKey('a-server-secret-of-at-least-32-bytes!!');

  it('seals and opens, bound to its context; a different key, context or a changed byte fails', () => {
    const sealed = sealSecret(key, 'gorgias-api-key', 'shop-1:gorgias');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('gorgias-api-key');
    expect(sealSecret(key, 'gorgias-api-key', 'shop-1:gorgias')).not.toBe(sealed); // fresh IV
    expect(openSecret(key, sealed, 'shop-1:gorgias')).toBe('gorgias-api-key');
    expect(() => openSecret(key, sealed, 'shop-2:gorgias')).toThrow();
    expect(() =>
      openSecret(deriveSecretBoxKey('another-server-secret-of-32-bytes!!!!'), sealed, 'shop-1:gorgias'),
    ).toThrow();
    // Change a character that is fully significant (not the last one of the base64url), to something else for sure.
    const changed = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${sealed.slice(0, -2)}${changed}${sealed.slice(-1)}`;
    expect(tampered).not.toBe(sealed);
    expect(() => openSecret(key, tampered, 'shop-1:gorgias')).toThrow();
    expect(() => openSecret(key, 'plain-text', '')).toThrow('not a sealed secret');
    expect(() => deriveSecretBoxKey('too short')).toThrow(RangeError);
  });
});
