export { startGorgiasStandIn, type GorgiasStandIn } from './server.js';
export {
  GorgiasState,
  DEFAULT_GORGIAS_USER,
  DEFAULT_GORGIAS_CUSTOM_FIELDS,
  type GorgiasStandInOptions,
  type GorgiasRole,
  type GorgiasUser,
  type StoredTicket,
} from './state.js';
