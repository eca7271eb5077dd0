// The exchange API: one store for the WebSocket connection and everything the server told us.
// The parts live in api/: types.ts (public types), connection.ts (socket, reconnects,
// request/reply), model.ts (the plain model and how server messages change it), requests.ts
// (one method per protocol request) and exchange.svelte.ts (ExchangeApi, which ties them
// together and publishes to Svelte state).
import { ExchangeApi } from './api/exchange.svelte';

export { MarketStatus, Side } from '@exchange/schema';
export { ExchangeApi };
export {
  RequestError,
  marketPhase,
  type ApiOptions,
  type ConnectionStatus,
  type Credentials,
  type MarketView,
  type SocketLike,
} from './api/types';

/** The app's one connection. */
export const api = new ExchangeApi();
