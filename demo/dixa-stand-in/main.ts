import { closeOnSignal } from '../stand-in-kit/server.js';
import { startDixaStandIn } from './server.js';
import { DEFAULT_DIXA_AGENT, DEFAULT_DIXA_TOKEN } from './state.js';

// `npx tsx demo/dixa-stand-in/main.ts`: a Dixa stand-in to click around in (PORT, default 4320).
const standIn = await startDixaStandIn({ port: Number(process.env.PORT ?? 4320) });
console.log(`Dixa stand-in on ${standIn.origin} (conversations at ${standIn.origin}/)`);
console.log(
  `api token ${DEFAULT_DIXA_TOKEN}  email integration support@acme.email.dixa.io  agent ${DEFAULT_DIXA_AGENT}`,
);
closeOnSignal(standIn);
