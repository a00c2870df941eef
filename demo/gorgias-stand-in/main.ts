import { closeOnSignal } from '../stand-in-kit/server.js';
import { startGorgiasStandIn } from './server.js';
import { DEFAULT_GORGIAS_USER } from './state.js';

// `npx tsx demo/gorgias-stand-in/main.ts`: a Gorgias stand-in to click around in (PORT, default 4310).
const standIn = await startGorgiasStandIn({ port: Number(process.env.PORT ?? 4310) });
console.log(`Gorgias stand-in on ${standIn.origin} (tickets at ${standIn.origin}/)`);
console.log(`endpoint ${standIn.origin}  email ${DEFAULT_GORGIAS_USER.email}  api key ${DEFAULT_GORGIAS_USER.api_key}`);
closeOnSignal(standIn);
