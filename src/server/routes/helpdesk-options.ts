import type { ServerContext } from '../context.js';
import type { DixaOptions } from '../delivery/dixa.js';
import type { GorgiasOptions } from '../delivery/gorgias.js';

/**
 * How a request route talks to the helpdesks (verifying settings, listing fields, agents, a test
 * event): the process's pacers, its log, and loopback stand-ins only when the deployment allows
 * them — the same as the delivery worker, so a route never reaches what a delivery could not.
 */
export function helpdeskOptions(ctx: ServerContext): {
  connector: GorgiasOptions & DixaOptions;
  gorgias: GorgiasOptions;
  dixa: DixaOptions;
} {
  const { delivery } = ctx;
  const connector = {
    pacers: delivery.pacers,
    log: (line: string) => ctx.log(`  → ${line}`),
    allowInsecureHostsForTesting: delivery.allowLoopbackHosts,
    ...(delivery.fetch ? { fetch: delivery.fetch } : {}),
  };
  return {
    connector,
    gorgias: connector,
    dixa: { ...connector, ...(delivery.dixaBaseUrl ? { baseUrl: delivery.dixaBaseUrl } : {}) },
  };
}
