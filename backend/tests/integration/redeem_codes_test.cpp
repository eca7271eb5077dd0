// Redeem codes over real sockets (additions.md 1, issue 17): minting, claiming, the order and
// addressees of the outputs, the check orders with their rate limits, the read-only cohort,
// guests, and our extension GetRedeemCodes.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "classroom.h"
#include "http_request.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;

std::string failure(const ServerMessage& reply) {
  return reply.request_failed().request_details().kind() + ": " +
         reply.request_failed().error_details().message();
}

ClientMessage create_code(double amount) {
  ClientMessage message;
  message.mutable_create_redeem_code()->set_amount(amount);
  return message;
}

ClientMessage claim(const std::string& code) {
  ClientMessage message;
  message.mutable_claim_redeem_code()->set_code(code);
  return message;
}

ClientMessage list_codes() {
  ClientMessage message;
  message.mutable_get_redeem_codes();
  return message;
}

class RedeemCodes : public Classroom {
 protected:
  RedeemCodes() : Classroom(100) {}
  // A code minted by the teacher with sudo on.
  std::string mint(double amount) {
    teacher->request(set_sudo(true));
    const ServerMessage created = teacher->request(create_code(amount));
    EXPECT_TRUE(created.has_redeem_code_created()) << created.DebugString();
    return created.redeem_code_created().code();
  }
};

TEST_F(RedeemCodes, OnlySudoAdminsMintAndAmountsAreChecked) {
  EXPECT_EQ(failure(alice->request(create_code(5))), "CreateRedeemCode: Admin access required");
  EXPECT_EQ(failure(teacher->request(create_code(5))), "CreateRedeemCode: Sudo required");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  for (double bad : {0.0, -3.0, 1.00001, std::nan(""), std::numeric_limits<double>::infinity(), 1e300}) {
    EXPECT_EQ(failure(teacher->request(create_code(bad))), "CreateRedeemCode: Invalid amount") << bad;
  }
  teacher->fence();
  alice->fence();  // what the class's setup sent her
  ClientMessage request = create_code(1e9);  // no balance check: minting reserves nothing
  request.set_request_id("mint");
  const ServerMessage created = teacher->request(request);
  ASSERT_TRUE(created.has_redeem_code_created()) << created.DebugString();
  EXPECT_EQ(created.request_id(), "mint");
  const auto& code = created.redeem_code_created();
  EXPECT_EQ(code.amount(), 1e9);
  EXPECT_EQ(code.code().size(), 7u);
  EXPECT_EQ(code.code()[3], '-');
  EXPECT_EQ(code.expires_at().nanos(), 0);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(code.expires_at().seconds(), now + 86'400);
  EXPECT_GE(code.expires_at().seconds(), now + 86'400 - 60);
  // Nothing else: no balance moved, nothing broadcast.
  for (const ServerMessage& m : teacher->fence()) ADD_FAILURE() << m.DebugString();
  for (const ServerMessage& m : alice->fence()) ADD_FAILURE() << m.DebugString();
}

TEST_F(RedeemCodes, AClaimRepliesThenSendsTheTransferToBothSidesThenPortfolios) {
  const std::string code = mint(30);
  teacher->fence();
  alice->fence();
  bob->fence();
  std::string typed = "  " + code + "\t";
  for (char& c : typed) c = char(std::tolower(c));
  ClientMessage request = claim(typed);
  request.set_request_id("claim-1");
  alice->send(request);
  const std::vector<ServerMessage> seen = alice->fence();
  ASSERT_EQ(seen.size(), 3u);
  ASSERT_TRUE(seen[0].has_redeem_code_claimed()) << seen[0].DebugString();
  EXPECT_EQ(seen[0].request_id(), "claim-1");
  EXPECT_EQ(seen[0].redeem_code_claimed().code(), code);
  EXPECT_EQ(seen[0].redeem_code_claimed().amount(), 30);
  ASSERT_TRUE(seen[1].has_transfer_created());
  EXPECT_EQ(seen[1].request_id(), "");
  const auto& transfer = seen[1].transfer_created();
  EXPECT_EQ(transfer.from_account_id(), teacher.id);
  EXPECT_EQ(transfer.to_account_id(), alice.id);
  EXPECT_EQ(transfer.initiator_id(), alice.id);
  EXPECT_EQ(transfer.amount(), 30);
  EXPECT_EQ(transfer.note(), "Redeem code " + code);
  ASSERT_TRUE(seen[2].has_portfolio_updated());
  EXPECT_EQ(seen[2].portfolio_updated().account_id(), alice.id);
  EXPECT_EQ(seen[2].portfolio_updated().total_balance(), 130);
  // The creator gets the transfer privately too, then its portfolio; bob gets nothing.
  const std::vector<ServerMessage> creator = teacher->fence();
  ASSERT_EQ(creator.size(), 2u);
  EXPECT_EQ(creator[0].transfer_created().id(), transfer.id());
  EXPECT_EQ(creator[1].portfolio_updated().account_id(), teacher.id);
  for (const ServerMessage& m : bob->fence()) ADD_FAILURE() << m.DebugString();
  // Single use.
  EXPECT_EQ(failure(bob->request(claim(code))), "ClaimRedeemCode: Redeem code already redeemed");
}

TEST_F(RedeemCodes, ClaimChecksAndAFailedClaimLeavesTheCodeClaimable) {
  EXPECT_EQ(failure(alice->request(claim("ABC234"))), "ClaimRedeemCode: Invalid redeem code format");
  EXPECT_EQ(failure(alice->request(claim(std::string(100'000, 'A')))),
            "ClaimRedeemCode: Invalid redeem code format");
  EXPECT_EQ(failure(alice->request(claim("IOL-101"))), "ClaimRedeemCode: Redeem code not found");
  const std::string own = mint(5);
  EXPECT_EQ(failure(teacher->request(claim(own))), "ClaimRedeemCode: Cannot pay yourself");
  // The teacher's available balance is what it kept after funding the class.
  const std::string too_big = mint(1e12);
  EXPECT_EQ(failure(alice->request(claim(too_big))), "ClaimRedeemCode: Insufficient funds");
  // Still open: a sub-account of bob can claim the small one, as its acting account.
  ClientMessage sub;
  sub.mutable_create_account()->set_owner_id(bob.id);
  sub.mutable_create_account()->set_name("bob-pocket");
  const ServerMessage made = bob->request(sub);
  ASSERT_TRUE(made.has_account_created()) << made.DebugString();
  const int64_t pocket = made.account_created().id();
  ClientMessage act;
  act.mutable_act_as()->set_account_id(pocket);
  ASSERT_TRUE(bob->request(act).has_acting_as());
  bob->fence();
  const ServerMessage claimed = bob->request(claim(own));
  ASSERT_TRUE(claimed.has_redeem_code_claimed()) << claimed.DebugString();
  const auto transfer = bob->next_matching([](auto& m) { return m.has_transfer_created(); });
  EXPECT_EQ(transfer.transfer_created().to_account_id(), pocket);
  EXPECT_EQ(transfer.transfer_created().initiator_id(), pocket);
}

TEST_F(RedeemCodes, ImpersonatingAdminsMintCodesPaidByThemselves) {
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  ClientMessage act;
  act.mutable_act_as()->set_account_id(alice.id);
  ASSERT_TRUE(teacher->request(act).has_acting_as());
  const std::string code = teacher->request(create_code(7)).redeem_code_created().code();
  ASSERT_FALSE(code.empty());
  const ServerMessage claimed = bob->request(claim(code));
  ASSERT_TRUE(claimed.has_redeem_code_claimed()) << claimed.DebugString();
  const auto transfer = bob->next_matching([](auto& m) { return m.has_transfer_created(); });
  EXPECT_EQ(transfer.transfer_created().from_account_id(), teacher.id);  // not alice
}

TEST_F(RedeemCodes, SudoAdminsListEveryCodeNewestFirstWithItsState) {
  const std::string first = mint(1);
  const std::string second = mint(2);
  ASSERT_TRUE(alice->request(claim(first)).has_redeem_code_claimed());
  EXPECT_EQ(failure(alice->request(list_codes())), "GetRedeemCodes: Admin access required");
  ASSERT_TRUE(teacher->request(set_sudo(false)).has_sudo_status());
  EXPECT_EQ(failure(teacher->request(list_codes())), "GetRedeemCodes: Sudo required");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  const ServerMessage listed = teacher->request(list_codes());
  ASSERT_TRUE(listed.has_redeem_codes()) << listed.DebugString();
  const auto& codes = listed.redeem_codes().codes();
  ASSERT_EQ(codes.size(), 2);
  EXPECT_EQ(codes[0].code(), second);
  EXPECT_EQ(codes[0].redeemed_by(), 0);
  EXPECT_FALSE(codes[0].has_redeemed_at());
  EXPECT_EQ(codes[1].code(), first);
  EXPECT_EQ(codes[1].amount(), 1);
  EXPECT_EQ(codes[1].created_by(), teacher.id);
  EXPECT_EQ(codes[1].redeemed_by(), alice.id);
  EXPECT_TRUE(codes[1].has_redeemed_at());
  EXPECT_NE(codes[1].transfer_id(), 0);
  EXPECT_EQ(codes[1].expires_at().seconds() - codes[1].created_at().seconds(), 86'400);
}

TEST_F(RedeemCodes, CodesAndClaimsSurviveARestart) {
  const std::string claimed = mint(3);
  const std::string open = mint(4);
  ASSERT_TRUE(alice->request(claim(claimed)).has_redeem_code_claimed());
  teacher.client.reset();
  alice.client.reset();
  bob.client.reset();
  exchange.restart();
  Trader student = exchange.user("bob");
  EXPECT_EQ(failure(student->request(claim(claimed))),
            "ClaimRedeemCode: Redeem code already redeemed");
  EXPECT_TRUE(student->request(claim(open)).has_redeem_code_claimed());
}

TEST_F(RedeemCodes, TheMutateLimitComesFirstWithTheRequestsOwnKind) {
  alice->fence();
  constexpr int kBurst = 1500;  // the bucket holds 1000
  for (int i = 0; i < kBurst; ++i) {
    ClientMessage request = i % 2 == 0 ? create_code(1) : claim("IOL-101");
    request.set_request_id("flood-" + std::to_string(i));
    alice->send(request);
  }
  int limited_create = 0, limited_claim = 0;
  for (int answered = 0; answered < kBurst; ++answered) {
    const auto reply = alice->next_matching([](auto& m) { return m.has_request_failed(); });
    const std::string text = failure(reply);
    if (text == "CreateRedeemCode: Rate Limited") ++limited_create;
    else if (text == "ClaimRedeemCode: Rate Limited") ++limited_claim;
    else EXPECT_TRUE(text == "CreateRedeemCode: Admin access required" ||
                     text == "ClaimRedeemCode: Redeem code not found") << text;
  }
  // Refused-by-permission creates still took their units: the limit is checked first.
  EXPECT_GT(limited_create, 0);
  EXPECT_GT(limited_claim, 0);
}

const std::string kAdminToken = "test::teacher::Teacher::true";

void put_cohort(TestExchange& exchange, const std::string& name, const std::string& json) {
  ASSERT_EQ(http_call(exchange.port(), http::verb::put, "/api/admin/cohorts/" + name, kAdminToken, json)
                .result_int(), 200);
}

TEST(RedeemCodeCohorts, ReadOnlyRefusesClaimsButNotMintingAndGuestsMayClaim) {
  TestExchange exchange;
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdminToken).result_int(), 200);
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts", kAdminToken,
                      R"({"name":"camp","display_name":"Camp"})").result_int(), 200);
  Trader teacher = exchange.user("teacher", true, "camp");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  put_cohort(exchange, "camp", R"({"auctions_enabled":true})");
  auto guest = exchange.connect_to("camp");
  const auto snapshot = guest->login("test::out::Outsider::false::out@example.org::false");
  ASSERT_TRUE(snapshot.back().has_acting_as());
  ASSERT_FALSE(snapshot.front().authenticated().is_cohort_member());
  const std::string first = teacher->request(create_code(2)).redeem_code_created().code();
  const ServerMessage guest_claim = guest->request(claim(first));
  EXPECT_TRUE(guest_claim.has_redeem_code_claimed()) << guest_claim.DebugString();

  put_cohort(exchange, "camp", R"({"is_read_only":true,"auctions_enabled":false})");
  const ServerMessage minted = teacher->request(create_code(2));  // no read-only check here
  ASSERT_TRUE(minted.has_redeem_code_created()) << minted.DebugString();
  Trader student = exchange.user("student", false, "camp");
  EXPECT_EQ(failure(student->request(claim(minted.redeem_code_created().code()))),
            "ClaimRedeemCode: Cohort is read-only");
  EXPECT_EQ(failure(student->request(claim("garbage"))), "ClaimRedeemCode: Cohort is read-only");
  put_cohort(exchange, "camp", R"({"is_read_only":false})");
  // Claims do not depend on the auction switch (issue 17), which is now off.
  EXPECT_TRUE(student->request(claim(minted.redeem_code_created().code())).has_redeem_code_claimed());
}

}  // namespace
}  // namespace exchange::testing
