import { claimReference } from '../core/claim-reference.js';
import {
  CLAIM_ITEMS_CSV_COLUMNS,
  CLAIMS_CSV_COLUMNS,
  type ClaimsViewFilter,
  type ExportRowKind,
} from '../core/claims-view.js';
import type { ClaimItemsRecord, ClaimViewRecord, ViewCursor } from './claims-query.js';
import { listClaimRecords } from './claims-query.js';
import { CSV_BOM, csvRecord, type CsvValue } from './csv.js';
import type { Queryable } from './db/database.js';
import type { Shop } from './shops.js';

/** Claims read per query: small enough to hold, large enough that 100 000 claims take 200 queries. */
export const EXPORT_BATCH_SIZE = 500;

const isoTime = (record: ClaimViewRecord) => new Date(record.created_key).toISOString();

function claimCells(record: ClaimViewRecord): CsvValue[] {
  const cells: Record<(typeof CLAIMS_CSV_COLUMNS)[number], CsvValue> = {
    id: record.id,
    reference: claimReference(record.id),
    created_at: isoTime(record),
    order_number: record.order_number,
    customer_name: record.customer_name,
    customer_email: record.customer_email,
    flow_type: record.flow_type,
    reason: record.reason,
    resolution_preference: record.resolution_preference,
    status: record.status,
    language: record.language,
    photos: record.photos,
    delivery: record.delivery,
    description: record.description,
  };
  return CLAIMS_CSV_COLUMNS.map((column) => cells[column]);
}

function itemCells(record: ClaimItemsRecord): CsvValue[][] {
  const lineItems = new Map(record.line_items.map((item) => [item.sku, item]));
  return record.selected_items.map((item) => {
    const ordered = lineItems.get(item.sku);
    const cells: Record<(typeof CLAIM_ITEMS_CSV_COLUMNS)[number], CsvValue> = {
      claim_id: record.id,
      reference: claimReference(record.id),
      created_at: isoTime(record),
      order_number: record.order_number,
      customer_name: record.customer_name,
      customer_email: record.customer_email,
      flow_type: record.flow_type,
      resolution_preference: record.resolution_preference,
      status: record.status,
      sku: item.sku,
      title: ordered?.title ?? item.sku,
      quantity: item.quantity,
      net_price: ordered?.net_price ?? null,
      photos: item.upload_ids?.length ?? 0,
    };
    return CLAIM_ITEMS_CSV_COLUMNS.map((column) => cells[column]);
  });
}

/**
 * The filter's claims as CSV, newest first, read batch by batch on the list's keyset pages while
 * the client reads: the next batch is queried only when the previous one has been taken, so memory
 * holds one batch whatever the number of claims.
 */
export function claimsCsvStream(
  db: Queryable,
  shop: Shop,
  filter: ClaimsViewFilter,
  rows: ExportRowKind,
  batchSize = EXPORT_BATCH_SIZE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: ViewCursor | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          const header = rows === 'items' ? CLAIM_ITEMS_CSV_COLUMNS : CLAIMS_CSV_COLUMNS;
          controller.enqueue(encoder.encode(CSV_BOM + csvRecord(header)));
          return;
        }
        // Let the event loop run between batches: on PGlite a query never waits for I/O, so without
        // this the whole export could run before other requests (or the socket's reader) get a turn.
        await new Promise((resolve) => setImmediate(resolve));
        const page = { limit: batchSize, after };
        const batch =
          rows === 'items'
            ? await listClaimRecords(db, shop, filter, page, true).then(({ rows, next }) => ({
                records: rows.flatMap(itemCells),
                next,
              }))
            : await listClaimRecords(db, shop, filter, page).then(({ rows, next }) => ({
                records: rows.map(claimCells),
                next,
              }));
        if (batch.records.length > 0) controller.enqueue(encoder.encode(batch.records.map(csvRecord).join('')));
        after = batch.next;
        if (!after) controller.close();
      },
    },
    // One chunk ahead at most: the database is read no faster than the client downloads.
    { highWaterMark: 1 },
  );
}
