import type { OrderInput, ShipmentPhase } from '../src/core/orders.js';

/**
 * About ten demo orders covering the states a claim flow must handle: in transit, delivered,
 * delivery failed, partially shipped, several items and quantities, ZIP formats of several
 * countries. `note` says what each one is good for.
 */
export interface DemoOrder {
  input: OrderInput;
  note: string;
}

const PRODUCTS = {
  mug: { sku: 'MUG-STONE-01', title: 'Stoneware mug, sand', net_price: 14.9, image: 'mug' },
  plate: { sku: 'PLATE-26-GRY', title: 'Dinner plate 26 cm, grey', net_price: 12.5, image: 'plate' },
  vase: { sku: 'VASE-TALL-BLU', title: 'Tall glass vase, blue', net_price: 39, image: 'vase' },
  lamp: { sku: 'LAMP-DESK-OAK', title: 'Desk lamp, oak', net_price: 89, image: 'lamp' },
  throw: { sku: 'THROW-WOOL-GRN', title: 'Wool throw, moss green', net_price: 59, image: 'throw' },
} as const;

export function demoOrders(assetOrigin?: string): DemoOrder[] {
  const item = (product: keyof typeof PRODUCTS, quantity: number) => {
    const p = PRODUCTS[product];
    return {
      sku: p.sku,
      title: p.title,
      quantity,
      net_price: p.net_price,
      image_url: assetOrigin ? `${assetOrigin}/demo-assets/products/${p.image}.svg` : null,
    };
  };
  const shipment = (id: string, phase: ShipmentPhase, carrier = 'dhl') => ({
    id,
    phase,
    carrier,
    tracking_number: `00340434${id.replace(/\D/g, '').padStart(10, '0')}`,
    scan_date: '2026-11-20T09:15:00+01:00',
    weight_kg: 1.4,
  });
  const order = (
    n: number,
    name: string,
    email: string,
    zip: string,
    country: string,
    countryCode: string,
    city: string,
    lineItems: OrderInput['line_items'],
    shipments: OrderInput['shipments'],
    currency = 'EUR',
  ): OrderInput => ({
    order_number: `#${n}`,
    customer_name: name,
    email,
    zip_code: zip,
    currency,
    placed_at: '2026-11-14T10:30:00+01:00',
    address: { name, street: 'Demo Street 1', zip_code: zip, city, country, country_code: countryCode },
    line_items: lineItems,
    shipments,
  });
  return [
    {
      note: 'delivered, 2 items (DE)',
      input: order(
        1001,
        'Lena Schmidt',
        'lena.schmidt@example.com',
        '10119',
        'Germany',
        'DE',
        'Berlin',
        [item('mug', 2), item('plate', 4)],
        [shipment('SHP-1001', 'delivered')],
      ),
    },
    {
      note: 'in transit (UK)',
      input: order(
        1002,
        'Oliver Brown',
        'oliver.brown@example.co.uk',
        'SW1A 1AA',
        'United Kingdom',
        'GB',
        'London',
        [item('lamp', 1)],
        [shipment('SHP-1002', 'in_transit', 'royal-mail')],
        'GBP',
      ),
    },
    {
      note: 'delivery failed (NL)',
      input: order(
        1003,
        'Sanne de Vries',
        'sanne@example.nl',
        '1234 AB',
        'Netherlands',
        'NL',
        'Amsterdam',
        [item('vase', 1), item('mug', 1)],
        [shipment('SHP-1003', 'delivery_failed', 'postnl')],
      ),
    },
    {
      note: 'partially shipped: one parcel delivered, one processing (DK)',
      input: order(
        1004,
        'Mads Jensen',
        'mads@example.dk',
        '2100',
        'Denmark',
        'DK',
        'København',
        [item('throw', 1), item('lamp', 1)],
        [shipment('SHP-1004A', 'delivered', 'postnord'), shipment('SHP-1004B', 'order_processed', 'postnord')],
      ),
    },
    {
      note: 'delivered, many units (PL)',
      input: order(
        1005,
        'Zofia Nowak',
        'zofia@example.pl',
        '00-950',
        'Poland',
        'PL',
        'Warszawa',
        [item('mug', 6), item('plate', 6), item('vase', 2)],
        [shipment('SHP-1005', 'delivered', 'inpost')],
        'PLN',
      ),
    },
    {
      note: 'not shipped yet: support only (FR)',
      input: order(
        1006,
        'Camille Martin',
        'camille@example.fr',
        '75001',
        'France',
        'FR',
        'Paris',
        [item('lamp', 2)],
        [shipment('SHP-1006', 'order_processed', 'colissimo')],
      ),
    },
    {
      note: 'in delivery today (ES)',
      input: order(
        1007,
        'Lucía García',
        'lucia@example.es',
        '28013',
        'Spain',
        'ES',
        'Madrid',
        [item('throw', 2)],
        [shipment('SHP-1007', 'in_delivery', 'correos')],
      ),
    },
    {
      note: 'delivered (IT)',
      input: order(
        1008,
        'Giulia Rossi',
        'giulia@example.it',
        '00184',
        'Italy',
        'IT',
        'Roma',
        [item('vase', 1)],
        [shipment('SHP-1008', 'delivered', 'brt')],
      ),
    },
    {
      note: 'delivered, several items (DE)',
      input: order(
        1009,
        'Jonas Weber',
        'jonas.weber@example.de',
        '80331',
        'Germany',
        'DE',
        'München',
        [item('mug', 1), item('plate', 2), item('lamp', 1), item('throw', 1)],
        [shipment('SHP-1009', 'delivered')],
      ),
    },
    {
      note: 'waiting at a pickup point (NL)',
      input: order(
        1010,
        'Daan Bakker',
        'daan@example.nl',
        '3511 AX',
        'Netherlands',
        'NL',
        'Utrecht',
        [item('plate', 3)],
        [shipment('SHP-1010', 'collect', 'postnl')],
      ),
    },
  ];
}
