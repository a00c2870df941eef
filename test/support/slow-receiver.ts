import { startWebhookReceiver } from '../server/delivery-support.js';

/**
 * A merchant's webhook receiver that takes `delayMs` to answer each delivery (a slow receiver keeps
 * deliveries in flight), checking each signature with the test suite's independent verifier.
 */
export function startSlowReceiver(delayMs: number): ReturnType<typeof startWebhookReceiver> {
  return startWebhookReceiver({ answerAfterMs: delayMs });
}
