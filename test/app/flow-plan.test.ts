import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOLVE_SETTINGS } from '../../src/core/resolve-settings.js';
import type { SessionResponse } from '../../src/core/session.js';
import {
  buildClaimDraft,
  emptyAnswers,
  firstIncompleteStep,
  stepProblems,
  stepsFor,
  type Answers,
} from '../../src/app/plan.js';

const photo = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, name: `p${n}.jpg` });

function session(overrides: Partial<SessionResponse['settings']> = {}): SessionResponse {
  return {
    session_token: 't',
    expires_at: '2030-01-01T00:00:00Z',
    auth_method: 'lookup',
    shop_slug: 'demo-shop',
    order: {
      order_number: '#1001',
      customer_first_name: 'Lena',
      masked_email: 'l•••@example.com',
      currency: 'EUR',
      placed_at: null,
      items: [
        { sku: 'MUG', title: 'Mug', quantity: 2, net_price: 10, image_url: null },
        { sku: 'PLATE', title: 'Plate', quantity: 4, net_price: 5, image_url: null },
      ],
      shipments: [],
    },
    available_flows: ['defective', 'notReceived', 'support'],
    settings: { ...DEFAULT_RESOLVE_SETTINGS, ...overrides },
  };
}
const answers = (change: Partial<Answers>): Answers => ({ ...emptyAnswers(), ...change });

describe('the flow plan', () => {
  it('walks only the steps a flow needs', () => {
    const settings = session().settings;
    expect(stepsFor('defective', settings)).toEqual([
      'finder',
      'issue',
      'items',
      'evidence',
      'description',
      'preference',
      'review',
    ]);
    expect(stepsFor('support', settings)).toEqual(['finder', 'issue', 'description', 'preference', 'review']);
    expect(stepsFor('return', settings)).toEqual(['finder', 'issue', 'items', 'description', 'preference', 'review']);
    // One allowed preference is chosen for the customer; no package photo asked: no evidence step for a missing item.
    const strict = session({ allowed_resolution_preferences: ['refund'], package_photo: 'off' }).settings;
    expect(stepsFor('missingProduct', strict)).toEqual(['finder', 'issue', 'items', 'description', 'review']);
  });

  it('asks for what the API will enforce: photos per item, the package photo, the drop-off answer, description bounds', () => {
    const s = session({
      min_photos_per_item: 2,
      package_photo: 'required',
      description_required: true,
      description_min_length: 10,
      description_max_length: 20,
    });
    const defective = answers({
      flowType: 'defective',
      quantities: { MUG: 1, PLATE: 2 },
      itemPhotos: { MUG: [photo(1), photo(2)], PLATE: [photo(3)] },
    });
    expect(stepProblems('evidence', defective, s).map((p) => [p.key, p.field])).toEqual([
      ['photos_missing', 'photos-PLATE'],
      ['package_photo_missing', 'photos-package'],
    ]);
    expect(stepProblems('evidence', defective, s, 1).map((p) => p.key)).toContain('uploads_in_progress');
    expect(stepProblems('evidence', answers({ flowType: 'notReceived' }), s).map((p) => p.key)).toEqual([
      'dropoff_missing',
    ]);
    expect(stepProblems('description', answers({ description: '   ' }), s).map((p) => p.key)).toEqual([
      'description_required',
    ]);
    expect(stepProblems('description', answers({ description: 'short' }), s)[0]).toMatchObject({
      key: 'description_too_short',
      values: { count: 10 },
    });
    expect(stepProblems('description', answers({ description: 'x'.repeat(21) }), s)[0]?.key).toBe(
      'description_too_long',
    );
    expect(stepProblems('issue', answers({ flowType: 'return' }), s).map((p) => p.key)).toEqual(['choose_issue']); // not offered for this order
  });

  it('resumes at the first unanswered step', () => {
    const s = session();
    expect(firstIncompleteStep(answers({ flowType: 'defective' }), s)).toBe('items');
    expect(firstIncompleteStep(answers({ flowType: 'defective', quantities: { MUG: 1 } }), s)).toBe('evidence');
    expect(firstIncompleteStep(answers({ flowType: 'support', preference: 'refund' }), s)).toBe('review');
  });

  it('builds the claim draft from the answers of the chosen flow only', () => {
    const s = session();
    const draft = buildClaimDraft(
      answers({
        flowType: 'defective',
        quantities: { MUG: 5, PLATE: 0 },
        itemPhotos: { MUG: [photo(1)], PLATE: [photo(2)] },
        packagePhotos: [photo(3)],
        signature: photo(4),
        dropoffPermission: true,
        description: '  cracked  ',
        preference: 'reorder',
      }),
      s,
      'de',
    );
    expect(draft).toEqual({
      flow_type: 'defective',
      selected_items: [{ sku: 'MUG', quantity: 2, upload_ids: [photo(1).id] }], // capped at the ordered 2
      package_upload_ids: [photo(3).id],
      description: 'cracked',
      resolution_preference: 'reorder',
      language: 'de',
    });
    const notReceived = buildClaimDraft(
      answers({ flowType: 'notReceived', quantities: { PLATE: 1 }, signature: photo(4), dropoffPermission: false }),
      session({ allowed_resolution_preferences: ['refund'] }),
      'en',
    );
    expect(notReceived).toMatchObject({
      signature_upload_id: photo(4).id,
      dropoff_permission: false,
      resolution_preference: 'refund',
      selected_items: [{ sku: 'PLATE', quantity: 1 }],
    });
    expect(notReceived).not.toHaveProperty('package_upload_ids');
  });
});
