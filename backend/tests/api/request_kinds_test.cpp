// The table of request kinds (api/request_kinds.cpp) against the schema: every request a
// client can send has an entry named as its message type, so that RequestFailed, the rate
// limit and the history worker all report the protocol's kind.

#include "api/request_kinds.h"

#include <gtest/gtest.h>

#include "api/messages.h"

namespace exchange::api {
namespace {

using websocket_api::ClientMessage;

TEST(RequestKinds, EveryClientMessageCaseHasAnEntryNamedAsItsType) {
  const google::protobuf::OneofDescriptor* oneof =
      ClientMessage::descriptor()->FindOneofByName("message");
  ASSERT_NE(oneof, nullptr);
  ASSERT_GT(oneof->field_count(), 20);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = oneof->field(i);
    const auto message_case = static_cast<ClientMessage::MessageCase>(field->number());
    const RequestKind* kind = find_request_kind(message_case);
    ASSERT_NE(kind, nullptr) << field->name();
    EXPECT_EQ(kind->name, field->message_type()->name()) << field->name();
    EXPECT_EQ(request_kind(message_case), kind->name);
    // Only Authenticate is answered outside the table (by the login path).
    EXPECT_EQ(kind->handler == nullptr, message_case == ClientMessage::kAuthenticate)
        << field->name();
  }
}

TEST(RequestKinds, AnUnknownCaseIsReportedAsUnknown) {
  EXPECT_EQ(find_request_kind(ClientMessage::MESSAGE_NOT_SET), nullptr);
  EXPECT_EQ(request_kind(ClientMessage::MESSAGE_NOT_SET), "Unknown");
}

TEST(RequestKinds, HistoryRequestsReportTheirOwnKinds) {
  EXPECT_EQ(request_kind(message_case_of(HistoryRequest::Kind::kOrders)), "GetFullOrderHistory");
  EXPECT_EQ(request_kind(message_case_of(HistoryRequest::Kind::kTrades)), "GetFullTradeHistory");
  EXPECT_EQ(request_kind(message_case_of(HistoryRequest::Kind::kPositions)),
            "GetMarketPositions");
}

TEST(RequestKinds, RateClassesFollowTheReferenceAndOurDeviations) {
  EXPECT_EQ(find_request_kind(ClientMessage::kCreateOrder)->rate, RateClass::kMutate);
  EXPECT_EQ(find_request_kind(ClientMessage::kCreateMarket)->rate, RateClass::kExpensive);
  EXPECT_EQ(find_request_kind(ClientMessage::kEditMarket)->rate, RateClass::kExpensive);
  EXPECT_FALSE(find_request_kind(ClientMessage::kActAs)->rate.has_value());
  EXPECT_EQ(find_request_kind(ClientMessage::kBuyAuction)->rate_limited_as, "SettleAuction");
  EXPECT_EQ(find_request_kind(ClientMessage::kCreateAuction)->rate_limited_as, "CreateMarket");
}

// Issue 16: exercise is a mutation like any other (the reference lets read-only cohorts and
// guests exercise); the two option reads are expensive and ungated, like the histories.
TEST(RequestKinds, OptionRequestsRatesAndGates) {
  const RequestKind* exercise = find_request_kind(ClientMessage::kExerciseOption);
  EXPECT_EQ(exercise->rate, RateClass::kMutate);
  EXPECT_TRUE(exercise->gates.read_only);
  EXPECT_TRUE(exercise->gates.members);
  EXPECT_FALSE(exercise->gates.auctions);
  for (auto read : {ClientMessage::kGetOptionContracts, ClientMessage::kGetOptionExercises}) {
    const RequestKind* kind = find_request_kind(read);
    EXPECT_EQ(kind->rate, RateClass::kExpensive);
    EXPECT_FALSE(kind->gates.read_only || kind->gates.members || kind->gates.auctions);
  }
}

}  // namespace
}  // namespace exchange::api
