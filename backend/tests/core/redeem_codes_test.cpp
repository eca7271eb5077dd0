// Redeem codes in core (additions.md 1.2-1.4): the code format, minting, and every check of a
// claim in its order.

#include <gtest/gtest.h>

#include <set>

#include "exchange_fixture.h"

namespace exchange::testing {
namespace {

constexpr int64_t kSecond = 1'000'000;

// Draws from a fixed list, then repeats the last one: collisions on demand.
struct ScriptedDraws {
  std::vector<uint64_t> values;
  size_t next = 0;
  uint64_t operator()() { return values[std::min(next++, values.size() - 1)]; }
};

class RedeemCodes : public ::testing::Test {
 protected:
  void SetUp() override { load_reference_fixture(exchange); }
  // Mints a code paid by `payer` and returns its text.
  std::string mint(AccountId payer, double amount, uint64_t draw = 7, Timestamp now = kNow) {
    ScriptedDraws draws{{draw}};
    auto code = exchange.create_redeem_code(payer, dec(amount), now, std::ref(draws));
    EXPECT_TRUE(code.ok());
    return code.ok() ? code->code : "";
  }
  std::string claim_error(const Requester& who, std::string_view code, Timestamp now = kNow) {
    auto claimed = exchange.claim_redeem_code(who, code, now);
    return claimed.ok() ? "ok" : std::string(message(claimed.error()));
  }
  Exchange exchange;
};

TEST(RedeemCodeFormat, ClaimAcceptanceTrimsUpperCasesAndChecksShape) {
  EXPECT_EQ(normalise_redeem_code("abc-234"), "ABC-234");
  EXPECT_EQ(normalise_redeem_code("  kmw-384\t\n"), "KMW-384");
  EXPECT_EQ(normalise_redeem_code("IOL-101"), "IOL-101");  // well-formed, never generated
  EXPECT_EQ(normalise_redeem_code("ABC234"), std::nullopt);
  EXPECT_EQ(normalise_redeem_code("AB1-234"), std::nullopt);
  EXPECT_EQ(normalise_redeem_code("ABC-23X"), std::nullopt);
  EXPECT_EQ(normalise_redeem_code("ABC_234"), std::nullopt);
  EXPECT_EQ(normalise_redeem_code("ABCD-234"), std::nullopt);
  EXPECT_EQ(normalise_redeem_code(""), std::nullopt);
  EXPECT_EQ(normalise_redeem_code("\xc3\x84" "BC-234"), std::nullopt);  // Ä is no ASCII letter
  // Hostile input is refused by length before any trimming.
  EXPECT_EQ(normalise_redeem_code(std::string(1'000'000, ' ') + "ABC-234"), std::nullopt);
}

TEST(RedeemCodeFormat, GeneratedCodesUseOnlyTheUnambiguousAlphabet) {
  std::set<std::string> seen;
  uint64_t x = 88172645463325252ull;  // xorshift: any spread of draws will do
  for (int i = 0; i < 5000; ++i) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    const std::string code = redeem_code_from_draw(x);
    ASSERT_EQ(code.size(), 7u);
    ASSERT_EQ(code[3], '-');
    for (int j : {0, 1, 2}) ASSERT_NE(std::string_view("ABCDEFGHJKMNPQRSTUVWXYZ").find(code[j]), std::string_view::npos) << code;
    for (int j : {4, 5, 6}) ASSERT_NE(std::string_view("23456789").find(code[j]), std::string_view::npos) << code;
    ASSERT_EQ(normalise_redeem_code(code), code);
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 4900u);
  EXPECT_EQ(redeem_code_from_draw(0), "AAA-222");
}

TEST(RedeemCodeFormat, ExpiryIsWholeSecondsPlusOneDay) {
  EXPECT_EQ(redeem_code_expiry(Timestamp{10 * kSecond + 999'999}).micros, (10 + 86'400) * kSecond);
  EXPECT_EQ(redeem_code_expiry(Timestamp{10 * kSecond}).micros, (10 + 86'400) * kSecond);
}

TEST_F(RedeemCodes, MintingStoresTheCodeAndMovesNoMoney) {
  ScriptedDraws draws{{12345}};
  auto code = exchange.create_redeem_code(1, dec(500), Timestamp{kNow.micros + 250'000}, std::ref(draws));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->code, redeem_code_from_draw(12345));
  EXPECT_EQ(code->amount, money(500));
  EXPECT_EQ(code->creator, 1);
  EXPECT_EQ(code->expires->micros, kNow.micros + 86'400 * kSecond);
  EXPECT_FALSE(code->claimed());
  EXPECT_EQ(exchange.account(1)->balance, money(100));  // no balance check, nothing reserved
  EXPECT_EQ(*exchange.redeem_code(code->code), *code);
}

TEST_F(RedeemCodes, MintingRefusesBadAmounts) {
  ScriptedDraws draws{{1}};
  for (double bad : {0.0, -1.0, 0.00001, 1.23456}) {
    auto code = exchange.create_redeem_code(1, dec(bad), kNow, std::ref(draws));
    ASSERT_FALSE(code.ok()) << bad;
    EXPECT_EQ(message(code.error()), "Invalid amount");
  }
  EXPECT_TRUE(exchange.create_redeem_code(1, dec(0.0001), kNow, std::ref(draws)).ok());
  EXPECT_TRUE(exchange.newest_redeem_codes(10).size() == 1);
}

TEST_F(RedeemCodes, CollisionsDrawAgainAndAnExhaustedSpaceIsARefusalNotALoop) {
  const std::string first = mint(1, 5, 42);
  ScriptedDraws retry{{42, 42, 42, 43}};
  auto second = exchange.create_redeem_code(1, dec(5), kNow, std::ref(retry));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->code, redeem_code_from_draw(43));
  EXPECT_EQ(retry.next, 4u);
  ScriptedDraws stuck{{42}};  // always collides
  auto third = exchange.create_redeem_code(1, dec(5), kNow, std::ref(stuck));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(message(third.error()), "Could not generate a unique redeem code; please retry");
  EXPECT_GT(stuck.next, 10u);  // well beyond the reference's 10 attempts
  EXPECT_EQ(exchange.newest_redeem_codes(10).size(), 2u);
}

TEST_F(RedeemCodes, ClaimPaysFromTheCreatorToTheActingAccountOnce) {
  const std::string code = mint(1, 30);
  std::string lower = code;
  for (char& c : lower) c = char(std::tolower(c));
  const TransferId next_transfer = exchange.counters().next_transfer;
  const Timestamp later{kNow.micros + 5 * kSecond};
  auto claimed = exchange.claim_redeem_code(as_user(2), "  " + lower + " ", later);
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(exchange.account(1)->balance, money(70));
  EXPECT_EQ(exchange.account(2)->balance, money(130));
  const Transfer& t = claimed->transfer;
  EXPECT_EQ(t.id, next_transfer);
  EXPECT_EQ(t.initiator, 2);
  EXPECT_EQ(t.from, 1);
  EXPECT_EQ(t.to, 2);
  EXPECT_EQ(t.amount, money(30));
  EXPECT_EQ(t.note, "Redeem code " + code);
  EXPECT_EQ(t.transaction.timestamp, later);
  EXPECT_EQ(claimed->code.redeemed_by, 2);
  EXPECT_EQ(claimed->code.redeemed_at, later);
  EXPECT_EQ(claimed->code.transfer, t.id);
  EXPECT_EQ(exchange.transfers().back(), t);
  EXPECT_EQ(claim_error(as_user(3), code), "Redeem code already redeemed");
  EXPECT_EQ(claim_error(as_user(2), code), "Redeem code already redeemed");
  EXPECT_EQ(exchange.account(1)->balance, money(70));
}

TEST_F(RedeemCodes, ASubAccountClaimsAsTheActingAccount) {
  const std::string code = mint(3, 10);
  Requester acting_child = as_user(1);
  acting_child.acting = 4;
  auto claimed = exchange.claim_redeem_code(acting_child, code, kNow);
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(claimed->transfer.to, 4);
  EXPECT_EQ(claimed->transfer.initiator, 4);  // A, as the reference records it
  EXPECT_EQ(exchange.account(4)->balance, money(110));
}

TEST_F(RedeemCodes, ClaimChecksInOrder) {
  // 3: malformed before any lookup.
  EXPECT_EQ(claim_error(as_user(2), "ABC234"), "Invalid redeem code format");
  EXPECT_EQ(claim_error(as_user(2), std::string(100, 'A')), "Invalid redeem code format");
  // 4: well-formed but never minted.
  EXPECT_EQ(claim_error(as_user(2), "IOL-101"), "Redeem code not found");
  // 6 before 7: an expired code of one's own reads as expired.
  const std::string own = mint(2, 10, 1);
  const Timestamp expiry{kNow.micros + 86'400 * kSecond};
  EXPECT_EQ(claim_error(as_user(2), own, Timestamp{expiry.micros + 1}), "Redeem code has expired");
  // 7: creator == A.
  EXPECT_EQ(claim_error(as_user(2), own), "Cannot pay yourself");
  // 6: exactly at the expiry instant the code still passes.
  const std::string edge = mint(1, 10, 2);
  EXPECT_EQ(claim_error(as_user(3), edge, expiry), "ok");
  // 9: the creator's available balance, not its total.
  const std::string big = mint(1, 80, 3);  // 1 holds 90 now
  auto order = exchange.place_order(as_user(1), bid(1, 3, 15), kNow);  // worst case 3 × (15 − 10)
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(claim_error(as_user(3), big), "Insufficient funds");
  // A failed claim leaves the code claimable: once the creator can pay, it pays.
  EXPECT_FALSE(exchange.redeem_code(big)->claimed());
  EXPECT_EQ(exchange.account(3)->balance, money(110));
  ASSERT_TRUE(exchange.cancel_order(as_user(1), order->resting->id, kNow).ok());
  EXPECT_EQ(claim_error(as_user(3), big), "ok");
  EXPECT_EQ(exchange.account(1)->balance, money(10));
  EXPECT_EQ(exchange.account(3)->balance, money(190));
}

TEST_F(RedeemCodes, ClaimAcrossUniversesIsRefused) {
  auto universe = exchange.create_universe(as_user(1), "Elsewhere", "");
  ASSERT_TRUE(universe.ok());
  auto alt = exchange.create_account(as_user(1), NewAccount{1, "far", universe->id, Decimal{}, {}});
  ASSERT_TRUE(alt.ok());
  const std::string code = mint(2, 10);
  Requester far = as_user(1);
  far.acting = alt->id;
  EXPECT_EQ(claim_error(far, code), "Cannot transfer between accounts in different universes");
  EXPECT_EQ(claim_error(as_user(3), code), "ok");  // still claimable
}

TEST_F(RedeemCodes, NewestFirstAndBounded) {
  const std::string a = mint(1, 1, 10), b = mint(1, 2, 11), c = mint(1, 3, 12);
  auto newest = exchange.newest_redeem_codes(2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0]->code, c);
  EXPECT_EQ(newest[1]->code, b);
  EXPECT_EQ(exchange.redeem_code_by_id(newest[1]->id)->code, b);
  EXPECT_EQ(exchange.redeem_code_by_id(99), nullptr);
}

}  // namespace
}  // namespace exchange::testing
