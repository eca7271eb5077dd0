// Copies what changed in the plain model to the store's reactive state: the one place where a
// batch of applied messages becomes visible to Svelte (ExchangeApi.flush, once per frame).
import type { ExchangeApi } from './exchange.svelte';
import { marketViews, type Dirty, type Model } from './model';

export function publishChanges(store: ExchangeApi, model: Model, d: Dirty): void {
  if (d.identity) {
    store.userId = model.userId;
    store.authenticatedId = model.authenticatedId;
    store.actingAs = model.actingAs;
    store.sudo = model.sudo;
    store.universeId = model.universeId;
    store.isCohortMember = model.isCohortMember;
    store.auctionEnabled = model.auctionEnabled;
    if (model.isAdmin !== null) store.serverAdmin = model.isAdmin;
  }
  if (d.universes) store.universes = new Map(model.universes);
  if (d.accounts) store.accounts = new Map(model.accounts);
  if (d.portfolios) store.portfolios = new Map(model.portfolios);
  if (d.transfers) {
    store.transfers = [...model.transfers.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }
  if (d.types) store.marketTypes = new Map(model.marketTypes);
  if (d.groups) store.marketGroups = new Map(model.marketGroups);
  if (d.auctions) store.auctions = new Map(model.auctions);
  if (d.exercises) {
    store.exercises = [...model.exercises.values()].sort((a, b) => (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0));
  }
  if (d.allMarkets || d.markets.size > 0) store.markets = marketViews(model, d, store.markets);
  if (model.lastTransactionId !== store.lastTransactionId) store.lastTransactionId = model.lastTransactionId;
}
