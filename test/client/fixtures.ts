import type { Claim, ClaimDraft } from '../../src/core/claims.js';
import type { SessionResponse } from '../../src/core/session.js';

export const API = 'https://api.example.com';
export const UPLOAD_ID = '3f1b6c9e-2a4d-4e8f-9b7a-1c2d3e4f5a6b';

export const session: SessionResponse = {
  session_token: 'session.token',
  expires_at: '2026-11-23T12:00:00.000Z',
  auth_method: 'lookup',
  shop_slug: 'demo-shop',
  order: {
    order_number: '#1001',
    customer_first_name: 'Jane',
    masked_email: 'j•••@example.com',
    currency: 'EUR',
    placed_at: null,
    items: [{ sku: 'MUG', title: 'Mug', quantity: 2, net_price: 10, image_url: null }],
    shipments: [{ id: 'S1', tracking_number: '1', carrier: 'dhl', phase: 'delivered', tracking_url: null }],
  },
  available_flows: ['defective', 'notReceived', 'support'],
  settings: {
    enabled_flows: ['defective', 'notReceived', 'support'],
    min_photos_per_item: 1,
    package_photo: 'optional',
    description_required: false,
    description_min_length: 0,
    description_max_length: 2000,
    allowed_resolution_preferences: ['refund', 'reorder'],
  },
};

export const draft: ClaimDraft = {
  flow_type: 'defective',
  selected_items: [{ sku: 'MUG', quantity: 1, upload_ids: [UPLOAD_ID] }],
  resolution_preference: 'refund',
  language: 'en',
};

export const claim: Claim = {
  uuid: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  created_at: '2026-11-23T10:00:00.000Z',
  updated_at: '2026-11-23T10:00:00.000Z',
  shop_slug: 'demo-shop',
  order_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  order_number: '#1001',
  address: { zip_code: '10119' },
  net_invoice_amount: 10,
  currency: 'EUR',
  shipment_id: 'S1',
  tracking_number: '1',
  carrier_reference: 'dhl',
  scan_date: null,
  weight_kg: null,
  flow_type: 'defective',
  reason: 'partial_damage',
  resolution_preference: 'refund',
  status: 'pending',
  description: null,
  selected_items: [{ sku: 'MUG', title: 'Mug', quantity: 1, net_price: 10, image_urls: [], product_image_url: null }],
  image_urls: [],
  optional_image_urls: [],
  customer_signature_image_url: null,
  dropoff_permission: null,
  language: 'en',
};

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const apiError = (
  status: number,
  key: string,
  errors: { loc: (string | number)[]; msg: string; type: string }[] = [],
  headers: Record<string, string> = {},
) =>
  json(
    { errors, key, message: `message for ${key}`, type: status >= 500 ? 'api_error' : 'invalid_request_error' },
    status,
    headers,
  );
