// The exchange API: one store for the WebSocket connection and everything the server told us.
// The parts live in api/: types.ts (public types); connection.ts (socket, reconnects,
// request/reply; emits events, events.ts); model.ts (the plain model and its published
// views); apply.ts and apply-markets.ts (how server messages change the model, returning
// effects, effects.ts); history.ts (watched full histories); resync.ts (re-sent public
// blocks); requests.ts (one method per protocol request, built from a send function);
// options.ts (defaults); and exchange.svelte.ts (ExchangeApi, which ties them together,
// carries out the effects and publishes to Svelte state).
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
