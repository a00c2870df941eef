export { startDixaStandIn, type DixaStandIn } from './server.js';
export {
  DixaState,
  DEFAULT_DIXA_TOKEN,
  DEFAULT_DIXA_AGENT,
  DEFAULT_DIXA_ENDPOINTS,
  DEFAULT_DIXA_ATTRIBUTES,
  DIXA_ATTRIBUTE_IDS,
  type DixaStandInOptions,
  type StoredConversation,
} from './state.js';
