import { TokenBucket } from '../stand-in-kit/rate-limits.js';
import { StandInState } from '../stand-in-kit/state.js';

/**
 * The Dixa stand-in's data and test hooks: end users, conversations (with their messages, tags,
 * custom attributes, claiming agent and notes), attachments Dixa downloaded, the request log.
 * Faults: `failNext`, `delayNext`, `dropConnectionAfterCreate`.
 */

export interface DixaToken {
  token: string;
  /** Read-only tokens get 403 on every write. */
  readOnly?: boolean;
}

export interface DixaContactEndpointRecord {
  _type: 'EmailEndpoint' | 'TelephonyEndpoint';
  address?: string;
  number?: string;
  name: string;
  senderOverride?: string | null;
}

export interface DixaAttributeDefinition {
  id: string;
  entityType: 'Conversation' | 'Contact';
  identifier: string;
  label: string;
  isDeactivated: boolean;
  isArchived: boolean;
  inputDefinition: { _type: 'Text' } | { _type: 'Select'; options: DixaOptionDefinition[] };
}

/** A Select option; `nestedOptions` make a tree (a nested choice is set as the path of values). */
export interface DixaOptionDefinition {
  id: string;
  value: string;
  label: string;
  isDeactivated: boolean;
  nestedOptions?: DixaOptionDefinition[];
}

export interface StoredEndUser {
  id: string;
  displayName: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  createdAt: string;
}

export interface StoredDixaAttachment {
  url: string;
  prettyName: string | null;
  /** Where the stand-in serves its downloaded copy. */
  fileId: string;
  contentType: string;
  size: number;
}

export interface StoredDixaMessage {
  id: string;
  externalId: string | null;
  authorId: string;
  createdAt: string;
  direction: 'Inbound';
  content: { _type: 'Html' | 'Text'; value: string };
  attachments: StoredDixaAttachment[];
}

export interface StoredConversation {
  id: number;
  requesterId: string;
  channel: 'Email';
  emailIntegrationId: string;
  subject: string;
  language: string | null;
  createdAt: string;
  messages: StoredDixaMessage[];
  tags: string[];
  customAttributes: Record<string, string | string[]>;
  assignedAgentId: string | null;
  notes: { id: string; message: string; createdAt: string }[];
}

export interface DixaStandInOptions {
  tokens?: (string | DixaToken)[];
  contactEndpoints?: DixaContactEndpointRecord[];
  agents?: string[];
  customAttributes?: DixaAttributeDefinition[];
  /** Per token (default 10 requests/s with bursts of 4). */
  rateLimit?: { burst: number; perSecond: number };
  /** Milliseconds; the rate limiter and timestamps use it (tests pass a virtual clock). */
  now?: () => number;
  /** How long downloading one attachment may take (default 5 s). */
  attachmentTimeoutMs?: number;
  /** Largest attachment Dixa downloads (default 25 MB). */
  attachmentLimitBytes?: number;
  /** Used to download attachments (default: global fetch). */
  fetch?: typeof fetch;
  host?: string;
  port?: number;
}

export const DEFAULT_DIXA_TOKEN = 'dixa-test-token-0123456789';
export const DEFAULT_DIXA_AGENT = '0b6f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
export const DIXA_ATTRIBUTE_IDS = {
  orderNumber: '6a0c6e8e-3b1f-4f5e-9a55-1d2a3b4c5d6e',
  claimType: '7b1d7f9f-4c2a-4a6f-8b66-2e3b4c5d6e7f',
  contactOnly: '8c2e8a0a-5d3b-4b7a-9c77-3f4c5d6e7f80',
  reason: '9d3f9b1b-6e4c-4c8b-8d88-4a5d6e7f8091',
} as const;

export const DEFAULT_DIXA_ENDPOINTS: DixaContactEndpointRecord[] = [
  { _type: 'EmailEndpoint', address: 'support@acme.email.dixa.io', name: 'Acme Support', senderOverride: null },
  {
    _type: 'EmailEndpoint',
    address: 'returns@acme.email.dixa.io',
    name: 'Acme Returns',
    senderOverride: 'returns@acme.test',
  },
  { _type: 'TelephonyEndpoint', number: '+4532123456', name: 'Acme Phone' },
];

export const DEFAULT_DIXA_ATTRIBUTES: DixaAttributeDefinition[] = [
  {
    id: DIXA_ATTRIBUTE_IDS.orderNumber,
    entityType: 'Conversation',
    identifier: 'order_number',
    label: 'Order number',
    isDeactivated: false,
    isArchived: false,
    inputDefinition: { _type: 'Text' },
  },
  {
    id: DIXA_ATTRIBUTE_IDS.claimType,
    entityType: 'Conversation',
    identifier: 'claim_type',
    label: 'Claim type',
    isDeactivated: false,
    isArchived: false,
    inputDefinition: {
      _type: 'Select',
      options: [
        { id: 'opt-defective', value: 'defective', label: 'Defective', isDeactivated: false },
        { id: 'opt-not-received', value: 'not_received', label: 'notReceived', isDeactivated: false },
        { id: 'opt-return', value: 'return', label: 'Return', isDeactivated: false },
      ],
    },
  },
  {
    id: DIXA_ATTRIBUTE_IDS.reason,
    entityType: 'Conversation',
    identifier: 'reason',
    label: 'Reason',
    isDeactivated: false,
    isArchived: false,
    inputDefinition: {
      _type: 'Select',
      options: [
        {
          id: 'opt-damage',
          value: 'damage',
          label: 'Damage',
          isDeactivated: false,
          nestedOptions: [
            { id: 'opt-partial-damage', value: 'partial_damage', label: 'Partly damaged', isDeactivated: false },
            { id: 'opt-total-damage', value: 'total_damage', label: 'Destroyed', isDeactivated: false },
          ],
        },
        { id: 'opt-lost', value: 'lost', label: 'Lost', isDeactivated: false },
      ],
    },
  },
  {
    id: DIXA_ATTRIBUTE_IDS.contactOnly,
    entityType: 'Contact',
    identifier: 'vip',
    label: 'VIP',
    isDeactivated: false,
    isArchived: false,
    inputDefinition: { _type: 'Text' },
  },
];

export class DixaState extends StandInState {
  readonly tokens: DixaToken[];
  readonly contactEndpoints: DixaContactEndpointRecord[];
  readonly agents: string[];
  readonly customAttributes: DixaAttributeDefinition[];
  readonly attachmentTimeoutMs: number;
  readonly attachmentLimitBytes: number;
  readonly fetch: typeof fetch;
  private readonly rate: { burst: number; perSecond: number };
  private readonly buckets = new Map<string, TokenBucket>();

  endUsers: StoredEndUser[] = [];
  conversations: StoredConversation[] = [];
  files = new Map<string, { bytes: Uint8Array; contentType: string; name: string }>();
  private nextConversationId = 1000;

  constructor(options: DixaStandInOptions) {
    super(options.now);
    this.tokens = (options.tokens ?? [DEFAULT_DIXA_TOKEN]).map((token) =>
      typeof token === 'string' ? { token } : token,
    );
    this.contactEndpoints = options.contactEndpoints ?? DEFAULT_DIXA_ENDPOINTS;
    this.agents = options.agents ?? [DEFAULT_DIXA_AGENT];
    this.customAttributes = options.customAttributes ?? DEFAULT_DIXA_ATTRIBUTES;
    this.attachmentTimeoutMs = options.attachmentTimeoutMs ?? 5_000;
    this.attachmentLimitBytes = options.attachmentLimitBytes ?? 25 * 1024 * 1024;
    this.fetch = options.fetch ?? fetch;
    this.rate = options.rateLimit ?? { burst: 4, perSecond: 10 };
  }

  bucket(token: string): TokenBucket {
    let bucket = this.buckets.get(token);
    if (!bucket) {
      bucket = new TokenBucket(this.rate.burst, this.rate.perSecond, this.now);
      this.buckets.set(token, bucket);
    }
    return bucket;
  }

  newConversationId(): number {
    return this.nextConversationId++;
  }

  /** Conversations whose message carries this externalId: what a test counts to prove "exactly one". */
  conversationsFor(externalId: string): StoredConversation[] {
    return this.conversations.filter((conversation) =>
      conversation.messages.some((message) => message.externalId === externalId),
    );
  }

  override reset(): void {
    super.reset();
    this.endUsers = [];
    this.conversations = [];
    this.files.clear();
    this.buckets.clear();
  }
}
