import { LeakyBucket } from '../stand-in-kit/rate-limits.js';
import { StandInState } from '../stand-in-kit/state.js';

/**
 * The stand-in's data and test hooks. Everything a test asserts on lives here: tickets,
 * customers, uploads, the request log. Faults: `failNext`, `delayNext`, `dropConnectionAfterCreate`.
 */

/** `admin`/`agent`: everything. `observer-agent`: read-only (403 on writes). `lite-agent`: no REST API access at all (403). */
export type GorgiasRole = 'admin' | 'agent' | 'observer-agent' | 'lite-agent';

export interface GorgiasUser {
  id: number;
  email: string;
  api_key: string;
  role: GorgiasRole;
  firstname: string;
  lastname: string;
}

export interface GorgiasCustomFieldDefinition {
  id: number;
  object_type: 'Ticket' | 'Customer';
  label: string;
  definition: {
    data_type: 'text' | 'number' | 'boolean';
    input_settings: { input_type: string; choices?: (string | number | boolean)[] };
  };
  deactivated_datetime: string | null;
}

export interface StoredCustomer {
  id: number;
  email: string;
  name: string | null;
  created_datetime: string;
}

export interface StoredAttachment {
  url: string;
  name: string;
  content_type: string;
  size: number;
}

export interface StoredMessage {
  id: number;
  channel: string;
  via: string;
  from_agent: boolean;
  sender: { email: string; name: string | null };
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  attachments: StoredAttachment[];
  created_datetime: string;
}

export interface StoredTicket {
  id: number;
  external_id: string | null;
  subject: string | null;
  status: string;
  channel: string;
  via: string;
  from_agent: boolean;
  language: string | null;
  customer: StoredCustomer;
  tags: { id: number; name: string }[];
  custom_fields: { id: number; value: string | number | boolean }[];
  meta: Record<string, unknown>;
  messages: StoredMessage[];
  created_datetime: string;
  /** Set when a merchant moved the ticket to the trash (it still exists and is listed with `trashed=true`). */
  trashed_datetime: string | null;
}

export interface StoredUpload {
  id: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface GorgiasStandInOptions {
  /** The account's subdomain, shown by `GET /api/account` (default `acme`). */
  account?: string;
  users?: Partial<GorgiasUser>[];
  customFields?: GorgiasCustomFieldDefinition[];
  /** Leaky bucket per account (default 40 requests / 20 s). */
  rateLimit?: { capacity: number; windowMs: number };
  /** Largest accepted upload (default 10 MB; Gorgias does not document its limit). */
  uploadLimitBytes?: number;
  /**
   * How upload answers write `size`: Gorgias's reference types it as an integer while its example
   * shows a string. `alternate` (default) answers a string for every second file, so a client must
   * take both.
   */
  uploadSizeAs?: 'integer' | 'string' | 'alternate';
  /** Milliseconds; the rate limiter and timestamps use it (tests pass a virtual clock). */
  now?: () => number;
  host?: string;
  port?: number;
}

export const DEFAULT_GORGIAS_USER: GorgiasUser = {
  id: 1,
  email: 'agent@acme.test',
  api_key: 'gorgias-test-key-0123456789',
  role: 'admin',
  firstname: 'Alex',
  lastname: 'Agent',
};

export const DEFAULT_GORGIAS_CUSTOM_FIELDS: GorgiasCustomFieldDefinition[] = [
  {
    id: 11,
    object_type: 'Ticket',
    label: 'Order number',
    definition: { data_type: 'text', input_settings: { input_type: 'input' } },
    deactivated_datetime: null,
  },
  {
    id: 12,
    object_type: 'Ticket',
    label: 'Claim type',
    definition: {
      data_type: 'text',
      input_settings: {
        input_type: 'dropdown',
        choices: ['defective', 'notReceived', 'return', 'missingProduct', 'wrongProduct', 'dissatisfied', 'support'],
      },
    },
    deactivated_datetime: null,
  },
  {
    id: 13,
    object_type: 'Ticket',
    label: 'Claim value',
    definition: { data_type: 'number', input_settings: { input_type: 'input_number' } },
    deactivated_datetime: null,
  },
  {
    id: 14,
    object_type: 'Ticket',
    label: 'Retired field',
    definition: { data_type: 'text', input_settings: { input_type: 'input' } },
    deactivated_datetime: '2024-01-01T00:00:00+00:00',
  },
  {
    id: 21,
    object_type: 'Customer',
    label: 'Loyalty tier',
    definition: { data_type: 'text', input_settings: { input_type: 'input' } },
    deactivated_datetime: null,
  },
];

export class GorgiasState extends StandInState {
  readonly account: string;
  readonly users: GorgiasUser[];
  /** The account's custom fields; tests may add to them (reset() restores the configured ones). */
  customFields: GorgiasCustomFieldDefinition[];
  private readonly configuredCustomFields: GorgiasCustomFieldDefinition[];
  readonly uploadLimitBytes: number;
  readonly uploadSizeAs: 'integer' | 'string' | 'alternate';
  private uploadCount = 0;
  readonly bucket: LeakyBucket;

  tickets: StoredTicket[] = [];
  customers: StoredCustomer[] = [];
  uploads = new Map<string, StoredUpload>();
  /** false: the account is gone; every API call answers 404 (a wrong account URL). */
  accountExists = true;

  private nextIds = { ticket: 1001, customer: 501, message: 9001, tag: 301 };
  private tagIds = new Map<string, number>();

  constructor(options: GorgiasStandInOptions) {
    super(options.now);
    this.account = options.account ?? 'acme';
    this.users = (options.users ?? [{}]).map((user, index) => ({ ...DEFAULT_GORGIAS_USER, id: index + 1, ...user }));
    this.configuredCustomFields = options.customFields ?? DEFAULT_GORGIAS_CUSTOM_FIELDS;
    this.customFields = [...this.configuredCustomFields];
    this.uploadLimitBytes = options.uploadLimitBytes ?? 10 * 1024 * 1024;
    this.uploadSizeAs = options.uploadSizeAs ?? 'alternate';
    const limit = options.rateLimit ?? { capacity: 40, windowMs: 20_000 };
    this.bucket = new LeakyBucket(limit.capacity, limit.windowMs, this.now);
  }

  nextId(kind: 'ticket' | 'customer' | 'message'): number {
    return this.nextIds[kind]++;
  }

  tagId(name: string): number {
    const key = name.toLowerCase();
    let id = this.tagIds.get(key);
    if (id === undefined) {
      id = this.nextIds.tag++;
      this.tagIds.set(key, id);
    }
    return id;
  }

  findCustomer(email: string): StoredCustomer | undefined {
    const wanted = email.toLowerCase();
    return this.customers.find((customer) => customer.email.toLowerCase() === wanted);
  }

  createCustomer(email: string, name: string | null): StoredCustomer {
    const customer = { id: this.nextId('customer'), email, name, created_datetime: this.timestamp() };
    this.customers.push(customer);
    return customer;
  }

  /** `size` as this upload's answer writes it (see uploadSizeAs). */
  sizeForAnswer(bytes: number): number | string {
    const asString =
      this.uploadSizeAs === 'string' || (this.uploadSizeAs === 'alternate' && this.uploadCount++ % 2 === 1);
    return asString ? String(bytes) : bytes;
  }

  /** Moves a ticket to the trash, as a merchant would in the helpdesk. */
  trashTicket(id: number): void {
    const ticket = this.tickets.find((candidate) => candidate.id === id);
    if (ticket) ticket.trashed_datetime = this.timestamp();
  }

  /** Tickets carrying this external id: what a test counts to prove "exactly one". */
  ticketsFor(externalId: string): StoredTicket[] {
    return this.tickets.filter((ticket) => ticket.external_id === externalId);
  }

  override reset(): void {
    super.reset();
    this.tickets = [];
    this.customers = [];
    this.uploads.clear();
    this.uploadCount = 0;
    this.customFields = [...this.configuredCustomFields];
    this.accountExists = true;
  }
}
