import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyKarlaSignature } from '../server/delivery-support.js';

export interface ReceivedDelivery {
  body: string;
  signatureValid: boolean;
  /** `Karla-Event-Id`: what receivers deduplicate on (stable across retries of one delivery). */
  eventId: string;
}

/**
 * A merchant's webhook receiver that takes `delayMs` to answer each delivery (a slow receiver keeps
 * deliveries in flight), checking each signature with the test suite's independent verifier.
 */
export async function startSlowReceiver(
  delayMs: number,
): Promise<{ url: string; received: ReceivedDelivery[]; secret: string; close(): Promise<void> }> {
  const received: ReceivedDelivery[] = [];
  const state = { secret: '' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        body,
        signatureValid: verifyKarlaSignature(String(req.headers['karla-signature'] ?? ''), body, state.secret),
        eventId: String(req.headers['karla-event-id'] ?? ''),
      });
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/resolve`,
    received,
    get secret() {
      return state.secret;
    },
    set secret(value: string) {
      state.secret = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
