// Redeem codes (additions.md 1): their format, minting and claiming.

#include <algorithm>

#include "core/exchange.h"
#include "core/redeem_code.h"

namespace exchange {
namespace {

constexpr std::string_view kCodeLetters = "ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::string_view kCodeDigits = "23456789";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::optional<std::string> normalise_redeem_code(std::string_view text) {
  if (text.size() > kMaxRedeemCodeInputBytes) return std::nullopt;
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.size() != 7 || text[3] != '-') return std::nullopt;
  std::string code(text);
  for (size_t i = 0; i < 7; ++i) {
    char& c = code[i];
    if (i < 3) {
      if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
      if (c < 'A' || c > 'Z') return std::nullopt;
    } else if (i > 3 && (c < '0' || c > '9')) {
      return std::nullopt;
    }
  }
  return code;
}

std::string redeem_code_from_draw(uint64_t draw) {
  std::string code(7, '-');
  for (size_t i : {0, 1, 2}) {
    code[i] = kCodeLetters[draw % kCodeLetters.size()];
    draw /= kCodeLetters.size();
  }
  for (size_t i : {4, 5, 6}) {
    code[i] = kCodeDigits[draw % kCodeDigits.size()];
    draw /= kCodeDigits.size();
  }
  return code;
}

Timestamp redeem_code_expiry(Timestamp now) {
  constexpr int64_t kSecond = 1'000'000;
  int64_t whole = now.micros - now.micros % kSecond;
  if (now.micros < 0 && now.micros % kSecond != 0) whole -= kSecond;  // floor, not toward 0
  return Timestamp{whole + kRedeemCodeLifetimeMicros};
}

const RedeemCode* Exchange::redeem_code(std::string_view code) const {
  auto it = redeem_codes_by_text_.find(std::string(code));
  return it == redeem_codes_by_text_.end() ? nullptr : &redeem_codes_[it->second];
}

const RedeemCode* Exchange::redeem_code_by_id(RedeemCodeId id) const {
  auto it = std::lower_bound(redeem_codes_.begin(), redeem_codes_.end(), id,
                             [](const RedeemCode& code, RedeemCodeId key) { return code.id < key; });
  return it != redeem_codes_.end() && it->id == id ? &*it : nullptr;
}

std::vector<const RedeemCode*> Exchange::newest_redeem_codes(size_t limit) const {
  std::vector<const RedeemCode*> newest;
  newest.reserve(std::min(limit, redeem_codes_.size()));
  for (auto it = redeem_codes_.rbegin(); it != redeem_codes_.rend() && newest.size() < limit; ++it) {
    newest.push_back(&*it);
  }
  return newest;
}

void Exchange::restore_redeem_code(RedeemCode code) {
  redeem_codes_by_text_[code.code] = redeem_codes_.size();
  redeem_codes_.push_back(std::move(code));
}

Result<RedeemCode> Exchange::create_redeem_code(AccountId payer, Decimal amount, Timestamp now,
                                                const RandomDraw& draw) {
  const std::optional<Money> money = amount.to_fixed<Money>();
  if (!money || amount.negative || amount.is_zero()) return Error{Refusal::kInvalidAmount};
  // The reference gives up (and drops the connection) after 10 collisions. With 6.2 million
  // codes a collision streak this long means the space is nearly used up: we answer a
  // RequestFailed instead, and never loop without bound.
  constexpr int kMaxDraws = 1000;
  for (int attempt = 0; attempt < kMaxDraws; ++attempt) {
    std::string text = redeem_code_from_draw(draw());
    if (redeem_codes_by_text_.contains(text)) continue;
    const RedeemCodeId id = redeem_codes_.empty() ? 1 : redeem_codes_.back().id + 1;
    RedeemCode code{id, std::move(text), *money, payer, now, redeem_code_expiry(now), 0, {}, 0};
    restore_redeem_code(code);
    return code;
  }
  return Error{Refusal::kRedeemCodesExhausted};
}

Result<RedeemCodeClaim> Exchange::claim_redeem_code(const Requester& requester,
                                                    std::string_view text, Timestamp now) {
  const std::optional<std::string> normalised = normalise_redeem_code(text);
  if (!normalised) return Error{Refusal::kInvalidRedeemCodeFormat};
  auto found = redeem_codes_by_text_.find(*normalised);
  if (found == redeem_codes_by_text_.end()) return Error{Refusal::kRedeemCodeNotFound};
  RedeemCode& code = redeem_codes_[found->second];
  if (code.claimed()) return Error{Refusal::kRedeemCodeAlreadyRedeemed};
  if (code.expires && *code.expires < now) return Error{Refusal::kRedeemCodeExpired};
  const AccountId claimant_id = requester.acting;
  if (code.creator == claimant_id) return Error{Refusal::kPayingYourself};
  Account* creator = mutable_account(code.creator);
  if (creator == nullptr) return Error{Refusal::kAccountNotFound};
  if (creator->available_balance() < code.amount) return Error{Refusal::kInsufficientFunds};
  Account* claimant = mutable_account(claimant_id);
  if (claimant == nullptr) return Error{Refusal::kAccountNotFound};
  if (creator->universe != claimant->universe) return Error{Refusal::kTransferAcrossUniverses};

  // The initiator is A, even a sub-account, as in the reference; owner credits are left to the
  // read-time rebalancing (additions.md 1.4).
  Transfer transfer{counters_.next_transfer++, claimant_id,  code.creator,
                    claimant_id,               code.amount,  "Redeem code " + code.code,
                    next_transaction(now)};
  creator->balance -= code.amount;
  claimant->balance += code.amount;
  record_transfer(transfer);
  code.redeemed_by = claimant_id;
  code.redeemed_at = now;
  code.transfer = transfer.id;
  return RedeemCodeClaim{code, std::move(transfer)};
}

}  // namespace exchange
