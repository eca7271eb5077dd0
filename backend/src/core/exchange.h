#pragma once
// The exchange's whole mutable state and the operations on it, as pure domain code: no I/O,
// no threads, no protobuf. One owner (the sequencer) calls it; every operation either
// succeeds completely or returns an Error and changes nothing.
//
// Invariants, checked by the tests after every operation:
// - no book is crossed;
// - each exposure's side totals equal its account's live orders in that market;
// - each account's worst_case_sum equals the sum over its exposure rows;
// - trades move cash between accounts without creating or destroying any.

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/account.h"
#include "core/auction.h"
#include "core/error.h"
#include "core/events.h"
#include "core/id_map.h"
#include "core/market.h"
#include "core/order_book.h"
#include "core/redeem_code.h"
#include "core/requests.h"
#include "core/universe.h"

namespace exchange {

// The next id of each kind; rebuilt from the database at start-up as max + 1.
struct IdCounters {
  TransactionId next_transaction = 1;
  OrderId next_order = 1;
  TradeId next_trade = 1;
  MarketId next_market = 1;
  AccountId next_account = 1;
  TransferId next_transfer = 1;
  MarketTypeId next_market_type = 1;
  MarketGroupId next_market_group = 1;
  AuctionId next_auction = 1;
  RedemptionId next_redemption = 1;
  ContractId next_option_contract = 1;
  ExerciseId next_option_exercise = 1;
  friend bool operator==(const IdCounters&, const IdCounters&) = default;
};

class Exchange {
 public:
  // `seed` drives the one random choice of the rules (who gets a rebalancing remainder).
  explicit Exchange(uint64_t seed = 20261124) : random_(seed) {}
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  // Decides when two names are "the same" for uniqueness: the key of a name. The server sets
  // one that ignores case and look-alike characters ("alice", "ALICE" and a Cyrillic "аlice"
  // collide); the default compares names exactly. Set before any account, market or auction
  // exists. Applies to account, market, auction, category and group names.
  using NameKey = std::string (*)(std::string_view name);
  void set_name_key(NameKey key) {
    name_key_ = key;
    universes_by_name_.clear();
    for (const auto& [id, known] : universes_) universes_by_name_[name_key(known.name)] = id;
  }
  std::string name_key(std::string_view name) const {
    return name_key_ ? name_key_(name) : std::string(name);
  }

  // ---- Reads
  const Account* account(AccountId id) const;
  const Market* market(MarketId id) const;
  // The market if it exists and the requester may see it (core/visibility.h).
  const Market* visible_market(const Requester& requester, MarketId id) const;
  const OrderBook* book(MarketId id) const;
  const MarketType* market_type(MarketTypeId id) const;
  const MarketGroup* market_group(MarketGroupId id) const;
  std::optional<AccountId> account_by_identity(const std::string& identity) const;
  bool account_name_taken(const std::string& name) const;
  std::vector<const Account*> accounts_by_id() const;
  std::vector<const Market*> markets_by_id() const;
  const std::map<MarketTypeId, MarketType>& market_types() const { return market_types_; }
  const std::map<MarketGroupId, MarketGroup>& market_groups() const { return market_groups_; }
  std::optional<MarketId> market_of_order(OrderId id) const;
  // The market's status log, ascending transaction id (empty for a missing market or one
  // older than the log), and its trade with the highest id (none if it never traded). Kept in
  // memory so that a login snapshot costs no history read (additions.md 5, 6.4).
  const std::vector<MarketStatusChange>& status_log(MarketId id) const;
  const Trade* last_trade(MarketId id) const;
  const IdCounters& counters() const { return counters_; }
  const Universe* universe(UniverseId id) const;
  const std::map<UniverseId, Universe>& universes() const { return universes_; }
  // The universe of the account; Main for a missing one (cohorts.md 6.3).
  UniverseId universe_of(AccountId account) const;

  // ---- Trading (rules.md sections 4 to 7). Orders, cancels, Out and Redeem act for the
  // requester's acting account A; a market id the requester may not see is refused as missing.
  Result<OrderPlaced> place_order(const Requester& requester, const PlaceOrder& request,
                                  Timestamp now);
  Result<OrdersCancelled> cancel_order(const Requester& requester, OrderId id, Timestamp now);
  // market: only this one, else every market where A has orders; side: only that side, else
  // both.
  Result<OutDone> out(const Requester& requester, std::optional<MarketId> market,
                      std::optional<Side> side, Timestamp now);
  Result<Market> create_market(const Requester& requester, const NewMarket& request, Timestamp now);
  Result<Market> edit_market(const Requester& requester, const MarketEdit& edit, Timestamp now);
  Result<MarketSettled> settle_market(const Requester& requester, MarketId id, Decimal price,
                                      Timestamp now);

  // Redeem (rules.md section 8): converts fund units into constituent units (or back, for a
  // negative amount) for the acting account, charging the fund's flat fee.
  Result<Redemption> redeem(const Requester& requester, MarketId fund, Decimal amount,
                            Timestamp now);

  // ---- Option markets (options.md; core/options.cpp). Created through create_market with
  // NewMarket.option; contracts are written by place_order and closed by settlement.
  // ExerciseOption for the requester's acting account, the contract's buyer.
  Result<OptionExercise> exercise_option(const Requester& requester, MarketId option_market,
                                         ContractId contract, Decimal amount, Timestamp now);
  const OptionContract* option_contract(ContractId id) const;
  // The market's contracts with `account` as buyer or writer and something left, ascending id.
  std::vector<const OptionContract*> option_contracts(MarketId market, AccountId account) const;
  // The exercises with `account` as exerciser or writer, in one market (0 = all), ascending
  // transaction id.
  std::vector<const OptionExercise*> option_exercises(AccountId account, MarketId market) const;

  // ---- Categories and groups (rules.md 7.3); callers check sudo admin rights
  Result<MarketType> create_market_type(std::string name, std::string description,
                                        bool is_public);
  Result<MarketTypeDeleted> delete_market_type(MarketTypeId id);
  Result<MarketGroup> create_market_group(std::string name, std::string description,
                                          MarketTypeId type);

  // ---- Auctions (rules.md section 11)
  const std::map<AuctionId, Auction>& auctions() const { return auctions_; }
  const Auction* auction(AuctionId id) const;
  Result<Auction> create_auction(const Requester& requester, std::string name,
                                 std::string description, std::string image_filename,
                                 std::optional<Decimal> bin_price, Timestamp now);
  struct AuctionEdit {
    std::optional<std::string> name, description, image_filename;
    std::optional<Decimal> bin_price;
  };
  Result<Auction> edit_auction(const Requester& requester, AuctionId id, const AuctionEdit& edit);
  Status delete_auction(const Requester& requester, AuctionId id);
  // SettleAuction and BuyAuction (additions.md 4.2 steps 6-15, 4.3): sells the auction to
  // its contributors, who pay the seller in one transaction.
  Result<AuctionSold> settle_auction(const AuctionSettlement& request, Timestamp now);

  // ---- Money between accounts (rules.md section 10). Callers rebalance both accounts'
  // credits first, as reading their portfolios does in the reference.
  Result<TransferMade> make_transfer(const Requester& requester, AccountId from, AccountId to,
                                     Decimal amount, std::string note, Timestamp now);
  const std::vector<Transfer>& transfers() const { return transfers_; }
  // Transfers from or to any of `accounts`, ascending id, each once.
  std::vector<const Transfer*> transfers_touching(const std::vector<AccountId>& accounts) const;

  // ---- Accounts (rules.md section 9)
  // CreateAccount: an alt account owned by `owner` (U or an account U owns directly), in a
  // universe, with a minted starting balance and a colour (cohorts.md 5.4).
  Result<Account> create_account(const Requester& requester, NewAccount request);
  // The same in universe 0 without balance or colour (the baseline request).
  Result<Account> create_account(const Requester& requester, AccountId owner, std::string name) {
    return create_account(requester,
                          NewAccount{owner, std::move(name), kMainUniverse, Decimal{}, {}});
  }
  // CreateUniverse (cohorts.md 5.3): owned by U. Names are unique by name key, like every
  // other name of the exchange (the reference compares them exactly).
  Result<Universe> create_universe(const Requester& requester, std::string name,
                                   std::string description);
  // ShareOwnership: U makes another user a direct owner of an account U owns directly.
  Status share_ownership(const Requester& requester, AccountId account, AccountId new_owner);
  // RevokeOwnership (the caller checked sudo admin rights and rebalanced the account's
  // credits): removes a zero-credit owner.
  Status revoke_ownership(AccountId account, AccountId owner, Timestamp now);
  // Rescales the owners' credits of a flat account to what it is worth (rules.md 9.6).
  // Returns whether any credit changed.
  bool rebalance_credits(AccountId account);
  // RedistributeOwnerCredit (additions.md 3; core/owner_credit.cpp; the caller checked sudo
  // admin rights): gives all of `from_owner`'s credit to the account's other owners.
  Status redistribute_owner_credit(AccountId account, AccountId from_owner);
  // Gift (additions.md 2; core/gifts.cpp): mints `amount` into the recipient's balance,
  // recorded as a transfer from Arbor Pixie (universe 0) or the universe's owner.
  Result<TransferMade> gift(const Requester& requester, AccountId to, Decimal amount,
                            std::string note, Timestamp now);
  // Accounts `owner` owns directly, ascending id.
  std::vector<AccountId> owned_by(AccountId owner) const;
  // O(U) of rules.md 9.4: U, what U owns directly, and what those own directly. Ascending.
  std::vector<AccountId> owned_set(AccountId user) const;

  // ---- A person's account in this cohort (cohorts.md 3.5, 3.6; core/person_accounts.cpp)
  // `name` if no other account's name looks like it, else the first free of "<name>-2" ...
  // "<name>-999" (nullopt when none is); the account `except` does not count as taken.
  std::optional<std::string> first_free_name(const std::string& name, AccountId except = 0) const;
  // First login of a login identity in this cohort (step 5): named by first_free_name.
  Result<Account> create_user(const std::string& identity, const std::string& name, Money balance);
  // A placeholder for a pre-registered e-mail (lower case): no identity yet, no owner.
  Result<Account> create_placeholder(const std::string& email, const std::string& name,
                                     Money balance);
  std::optional<AccountId> account_by_pending_email(const std::string& email) const;
  // The first login of `identity` takes over a placeholder (or the seeded account, whose
  // identity it replaces), keeping its name and balance.
  void claim_account(AccountId id, const std::string& identity);
  // Renames a user account to exactly `name`; kNameTaken when another account has it.
  Status rename_account(AccountId id, const std::string& name);

  // ---- Redeem codes (additions.md 1; core/redeem_codes.cpp)
  // A uniform 64-bit random number; the caller supplies the source (core does no I/O).
  using RandomDraw = std::function<uint64_t()>;
  // Mints a code paid by `payer` when claimed; amount > 0 with at most 4 decimals. Draws until
  // the code is new (a bounded number of times). Reserves nothing: no balance check.
  Result<RedeemCode> create_redeem_code(AccountId payer, Decimal amount, Timestamp now,
                                        const RandomDraw& draw);
  // Pays the code's amount from its creator to A, in checks 3 to 11 of 1.4's order.
  Result<RedeemCodeClaim> claim_redeem_code(const Requester& requester, std::string_view code,
                                            Timestamp now);
  const RedeemCode* redeem_code(std::string_view code) const;  // by normalised text
  const RedeemCode* redeem_code_by_id(RedeemCodeId id) const;
  // At most `limit` codes, newest (highest id) first.
  std::vector<const RedeemCode*> newest_redeem_codes(size_t limit) const;

  // ---- Restoring persisted state at start-up (no validation: the data was valid when written)
  void restore_account(Account account);  // without exposures
  void restore_universe(Universe universe);
  void restore_market(Market market);
  void restore_market_type(MarketType type);
  void restore_market_group(MarketGroup group);
  void restore_order(MarketId market, const RestingOrder& order);  // in ascending placement order
  void restore_exposure(AccountId account, MarketId market, const Exposure& exposure);
  void restore_transfer(Transfer transfer);
  void restore_auction(Auction auction);
  void restore_option_contract(OptionContract contract);  // in ascending id order
  void restore_option_exercise(OptionExercise exercise);  // in ascending id order
  void restore_counters(const IdCounters& counters) { counters_ = counters; }
  // One (account, market) pair of Account::traded_markets, in any order.
  void restore_traded_market(AccountId account, MarketId market);
  void restore_redeem_code(RedeemCode code);  // in ascending id order
  void restore_status_change(MarketId market, MarketStatusChange change);  // ascending order
  void restore_last_trade(const Trade& trade);

  // Recomputes each account's worst_case_sum from its rows; used by tests to check the cache.
  Money recomputed_worst_case_sum(AccountId id) const;

 private:
  struct MarketState {
    Market market;
    OrderBook book;
    std::vector<AccountId> exposed;  // accounts with an exposure row, in first-touch order
    std::vector<MarketStatusChange> status_log;  // ascending transaction id
    std::optional<Trade> last_trade;             // highest trade id
  };

  Transaction next_transaction(Timestamp now) { return {counters_.next_transaction++, now}; }
  Account* mutable_account(AccountId id);
  MarketState* mutable_market(MarketId id);
  // The market if it exists and the requester may see it: an unseen market is a missing one.
  MarketState* visible_state(const Requester& requester, MarketId id);

  // Applies `change` to the account's row in the market (created with zeros if missing),
  // keeping worst_case_sum in step.
  template <class Change>
  void change_exposure(Account& account, MarketState& market, Change&& change);
  void remove_exposure(Account& account, const MarketState& market);
  bool has_open_position(const Account& account) const;
  // Adds the market to the account's traded_markets (additions.md 6.2).
  static void note_traded(Account& account, MarketId market);
  // The index of one of `weights` (all ≥ 0, summing to `total` > 0), drawn with probability
  // proportional to its weight from the exchange's seeded generator (rules.md 9.6 step 7).
  size_t draw_weighted(const std::vector<int128>& weights, int128 total);
  void record_transfer(Transfer transfer);
  // Option markets (core/options.cpp).
  // Steps 5 to 10 of options.md 2.2: fills the option terms and the computed bounds.
  Status bound_option_market(const Requester& requester, const NewMarket& request,
                             Market& created) const;
  void write_option_contracts(OrderPlaced& placed);
  // Pays out every position of the market at `price`, voids its orders and drops its rows.
  void settle_state(MarketState& state, Price price, MarketSettled& settled);
  // Settles every unsettled option market on `underlying` at its intrinsic value, and so on.
  void settle_options_on(const Market& underlying, MarketSettled& settled);
  // The available balance of `holder` after moving its positions by `moves` and its cash.
  Money available_after(const Account& holder,
                        const std::vector<std::pair<const Market*, Quantity>>& moves,
                        Money cash) const;

  // Owned through pointers so that references stay valid while the index grows.
  IdMap<std::unique_ptr<Account>> accounts_;
  std::unordered_map<std::string, AccountId> accounts_by_identity_;
  std::unordered_map<std::string, AccountId> accounts_by_pending_email_;
  std::unordered_map<std::string, AccountId> accounts_by_name_;  // by name_key
  IdMap<std::unique_ptr<MarketState>> markets_;
  std::unordered_map<std::string, MarketId> markets_by_name_;  // by name_key
  NameKey name_key_ = nullptr;
  std::map<MarketTypeId, MarketType> market_types_;
  std::map<MarketGroupId, MarketGroup> market_groups_;
  IdMap<MarketId> order_markets_;  // live order id → its market
  std::unordered_map<AccountId, std::vector<AccountId>> owned_accounts_;  // owner → owned
  std::vector<Transfer> transfers_;                                      // ascending id
  std::unordered_map<AccountId, std::vector<size_t>> transfers_by_account_;
  std::map<AuctionId, Auction> auctions_;
  std::map<UniverseId, Universe> universes_{{kMainUniverse, main_universe()}};
  std::unordered_map<std::string, UniverseId> universes_by_name_{
      {std::string("Main"), kMainUniverse}};  // by name_key
  std::map<ContractId, OptionContract> contracts_;
  std::unordered_map<MarketId, std::vector<ContractId>> contracts_by_market_;  // ascending
  std::vector<OptionExercise> exercises_;  // ascending id (and transaction)
  std::vector<RedeemCode> redeem_codes_;  // ascending id
  std::unordered_map<std::string, size_t> redeem_codes_by_text_;  // index into redeem_codes_
  IdCounters counters_;
  std::mt19937_64 random_;
};

}  // namespace exchange
