// protocol.md 2.2, 2.4, 2.5: exact wire bytes, computed by hand from the protobuf encoding rules.
//
// Rules used in the byte-by-byte comments below:
//   tag      = varint((field_number << 3) | wire_type); wire type 0 = varint, 1 = fixed64,
//              2 = length-delimited.
//   varint   = 7 bits per byte, least significant group first; the high bit (0x80) is set on
//              every byte except the last.
//   sint64   = zig-zag before the varint: n >= 0 -> 2n, n < 0 -> -2n - 1.
//   double   = wire type 1, IEEE-754 binary64 written little-endian.
//   string / sub-message = wire type 2: tag, varint byte length, payload (length 0 is legal).
//   packed repeated scalars = one wire-type-2 record holding the concatenated varints.
// The C++ runtime writes known fields in ascending field-number order (oneof members included),
// so the expected bytes below follow that order.

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "client_message.pb.h"
#include "server_message.pb.h"

namespace {

namespace ws = websocket_api;

std::string Bytes(std::initializer_list<uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

template <typename M>
std::string Encode(const M& message) {
  std::string out;
  EXPECT_TRUE(message.SerializeToString(&out));
  return out;
}

TEST(HandEncoded, CreateOrderWithRequestId) {
  ws::ClientMessage msg;
  msg.set_request_id("r1");
  ws::CreateOrder* order = msg.mutable_create_order();
  order->set_market_id(7);
  order->set_price(1.5);
  order->set_side(ws::BID);
  order->set_size(2);

  const std::string expected = Bytes({
      0x1a, 0x16,  // ClientMessage.create_order: field 3, wire type 2 -> (3 << 3) | 2 = 0x1a;
                   // length 22 = 2 + 9 + 9 + 2 bytes of CreateOrder below
      0x10, 0x07,  // CreateOrder.market_id: field 2, varint -> (2 << 3) | 0 = 0x10; value 7
      0x29,        // CreateOrder.price: field 5, fixed64 -> (5 << 3) | 1 = 0x29
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f,  // 1.5 = 0x3ff8000000000000, LE
      0x31,                                            // CreateOrder.size: (6 << 3) | 1 = 0x31
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40,  // 2.0 = 0x4000000000000000, LE
      0x38, 0x01,  // CreateOrder.side: (7 << 3) | 0 = 0x38; BID = 1
      0x72, 0x02,  // ClientMessage.request_id: (14 << 3) | 2 = 0x72; length 2
      0x72, 0x31,  // "r1"
  });
  EXPECT_EQ(Hex(Encode(msg)), Hex(expected));

  ws::ClientMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(expected));
  EXPECT_EQ(parsed.message_case(), ws::ClientMessage::kCreateOrder);
  EXPECT_EQ(parsed.request_id(), "r1");
  EXPECT_EQ(parsed.create_order().market_id(), 7);
  EXPECT_EQ(parsed.create_order().price(), 1.5);
  EXPECT_EQ(parsed.create_order().size(), 2.0);
  EXPECT_EQ(parsed.create_order().side(), ws::BID);
}

TEST(HandEncoded, OpenMarketWritesEmptySubMessage) {
  ws::ServerMessage msg;
  msg.mutable_market()->set_id(1);
  msg.mutable_market()->mutable_open();

  const std::string expected = Bytes({
      0x1a, 0x04,  // ServerMessage.market: (3 << 3) | 2 = 0x1a; length 4
      0x08, 0x01,  // Market.id: (1 << 3) | 0 = 0x08; value 1
      0x42, 0x00,  // Market.open: (8 << 3) | 2 = 0x42; length 0 (set but empty)
  });
  EXPECT_EQ(Hex(Encode(msg)), Hex(expected));

  ws::ServerMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(expected));
  ASSERT_EQ(parsed.message_case(), ws::ServerMessage::kMarket);
  EXPECT_EQ(parsed.market().market_state_case(), ws::Market::kOpen);

  // Without the 0x42 0x00 record the reader cannot tell which state the market is in.
  ASSERT_TRUE(parsed.ParseFromString(Bytes({0x1a, 0x02, 0x08, 0x01})));
  EXPECT_EQ(parsed.market().market_state_case(), ws::Market::MARKET_STATE_NOT_SET);
}

TEST(HandEncoded, EmptyPayloadVariantIsTagAndZeroLength) {
  ws::ServerMessage msg;
  msg.mutable_ownership_given();
  // ServerMessage.ownership_given: (17 << 3) | 2 = 138 = 0b1'0001010 -> varint 0x8a 0x01
  // (low 7 bits 0x0a with continuation bit, then 1); length 0.
  const std::string expected = Bytes({0x8a, 0x01, 0x00});
  EXPECT_EQ(Hex(Encode(msg)), Hex(expected));

  ws::ServerMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(expected));
  EXPECT_EQ(parsed.message_case(), ws::ServerMessage::kOwnershipGiven);
}

TEST(HandEncoded, RedeemableMultiplierIsZigZag) {
  ws::Redeemable r;
  r.set_constituent_id(3);
  r.set_multiplier(-2);
  const std::string expected = Bytes({
      0x08, 0x03,  // Redeemable.constituent_id: (1 << 3) | 0 = 0x08; value 3
      0x10, 0x03,  // Redeemable.multiplier: (2 << 3) | 0 = 0x10; zig-zag(-2) = 2*2 - 1 = 3
  });
  EXPECT_EQ(Hex(Encode(r)), Hex(expected));

  // More zig-zag values, multiplier only (constituent_id 0 is omitted).
  const std::vector<std::pair<int64_t, std::string>> cases = {
      {-1, Bytes({0x10, 0x01})},         // -1 -> 1
      {1, Bytes({0x10, 0x02})},          // 1 -> 2
      {64, Bytes({0x10, 0x80, 0x01})},   // 64 -> 128 = 0x80: low 7 bits 0 + continuation, then 1
      {-65, Bytes({0x10, 0x81, 0x01})},  // -65 -> 129: 0x01 + continuation, then 1
  };
  for (const auto& [multiplier, bytes] : cases) {
    SCOPED_TRACE(multiplier);
    ws::Redeemable m;
    m.set_multiplier(multiplier);
    EXPECT_EQ(Hex(Encode(m)), Hex(bytes));
    ws::Redeemable parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_EQ(parsed.multiplier(), multiplier);
  }
}

TEST(HandEncoded, OutEmitsExplicitlySetZeroMarketId) {
  ws::ClientMessage msg;
  msg.mutable_out()->set_market_id(0);  // proto3 optional: present although it is the default
  const std::string expected = Bytes({
      0x2a, 0x02,  // ClientMessage.out: (5 << 3) | 2 = 0x2a; length 2
      0x08, 0x00,  // Out.market_id: (1 << 3) | 0 = 0x08; value 0. No Out.side record.
  });
  EXPECT_EQ(Hex(Encode(msg)), Hex(expected));

  ws::ClientMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(expected));
  ASSERT_EQ(parsed.message_case(), ws::ClientMessage::kOut);
  EXPECT_TRUE(parsed.out().has_market_id());
  EXPECT_EQ(parsed.out().market_id(), 0);
  EXPECT_FALSE(parsed.out().has_side());

  // Echoed unchanged as ServerMessage.out: (9 << 3) | 2 = 0x4a; same payload.
  ws::ServerMessage echo;
  *echo.mutable_out() = parsed.out();
  EXPECT_EQ(Hex(Encode(echo)), Hex(Bytes({0x4a, 0x02, 0x08, 0x00})));

  // "Out everywhere": an empty but present Out.
  ws::ClientMessage everywhere;
  everywhere.mutable_out();
  EXPECT_EQ(Hex(Encode(everywhere)), Hex(Bytes({0x2a, 0x00})));
  ASSERT_TRUE(parsed.ParseFromString(Bytes({0x2a, 0x00})));
  ASSERT_EQ(parsed.message_case(), ws::ClientMessage::kOut);
  EXPECT_FALSE(parsed.out().has_market_id());
  EXPECT_FALSE(parsed.out().has_side());
}

TEST(HandEncoded, RequestFailedWithRequestId) {
  ws::ServerMessage msg;
  msg.set_request_id("x");
  msg.mutable_request_failed()->mutable_request_details()->set_kind("CreateOrder");
  msg.mutable_request_failed()->mutable_error_details()->set_message("Invalid price");

  const std::string expected =
      Bytes({
          0x5a, 0x20,  // ServerMessage.request_failed: (11 << 3) | 2 = 0x5a; length 32 = 15 + 17
          0x0a, 0x0d,  // RequestFailed.request_details: (1 << 3) | 2 = 0x0a; length 13 = 2 + 11
          0x0a, 0x0b,  // RequestDetails.kind: (1 << 3) | 2 = 0x0a; length 11
      }) +
      "CreateOrder" +
      Bytes({
          0x12, 0x0f,  // RequestFailed.error_details: (2 << 3) | 2 = 0x12; length 15 = 2 + 13
          0x0a, 0x0d,  // ErrorDetails.message: (1 << 3) | 2 = 0x0a; length 13
      }) +
      "Invalid price" +
      Bytes({
          0x9a, 0x01,  // ServerMessage.request_id: (19 << 3) | 2 = 154 -> varint 0x9a 0x01
          0x01,        // length 1
      }) +
      "x";
  EXPECT_EQ(Hex(Encode(msg)), Hex(expected));

  ws::ServerMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(expected));
  ASSERT_EQ(parsed.message_case(), ws::ServerMessage::kRequestFailed);
  EXPECT_EQ(parsed.request_id(), "x");
  EXPECT_EQ(parsed.request_failed().request_details().kind(), "CreateOrder");
  EXPECT_EQ(parsed.request_failed().error_details().message(), "Invalid price");
}

TEST(HandEncoded, VisibleToIsPackedAndUnpackedIsAccepted) {
  // 300 = 0b10'0101100 -> varint 0xac (low 7 bits 0x2c | 0x80), 0x02.
  const std::string packed = Bytes({
      0x42, 0x03,  // CreateMarket.visible_to: (8 << 3) | 2 = 0x42; length 3
      0x01,        // 1
      0xac, 0x02,  // 300
  });
  const std::string unpacked = Bytes({
      0x40, 0x01,        // CreateMarket.visible_to: (8 << 3) | 0 = 0x40; value 1
      0x40, 0xac, 0x02,  // same field again; value 300
  });

  ws::CreateMarket msg;
  msg.add_visible_to(1);
  msg.add_visible_to(300);
  EXPECT_EQ(Hex(Encode(msg)), Hex(packed));  // proto3 default: packed

  for (const std::string& bytes : {packed, unpacked}) {
    SCOPED_TRACE(Hex(bytes));
    ws::CreateMarket parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    ASSERT_EQ(parsed.visible_to_size(), 2);
    EXPECT_EQ(parsed.visible_to(0), 1);
    EXPECT_EQ(parsed.visible_to(1), 300);
  }

  // Both encodings may even be mixed; the elements are appended in wire order.
  ws::CreateMarket mixed;
  ASSERT_TRUE(mixed.ParseFromString(unpacked + packed));
  EXPECT_EQ(std::vector<int64_t>(mixed.visible_to().begin(), mixed.visible_to().end()),
            (std::vector<int64_t>{1, 300, 1, 300}));
}

TEST(HandEncoded, UnknownEnumValueSurvivesDecoding) {
  const std::string bytes = Bytes({
      0x1a, 0x02,  // ClientMessage.create_order: (3 << 3) | 2 = 0x1a; length 2
      0x38, 0x05,  // CreateOrder.side: (7 << 3) | 0 = 0x38; value 5 (not a Side)
  });
  ws::ClientMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  ASSERT_EQ(parsed.message_case(), ws::ClientMessage::kCreateOrder);
  EXPECT_EQ(static_cast<int>(parsed.create_order().side()), 5);  // open enum
  EXPECT_FALSE(ws::Side_IsValid(parsed.create_order().side()));
  EXPECT_EQ(Hex(Encode(parsed)), Hex(bytes));
}

TEST(UnknownFields, AreToleratedNextToAKnownVariant) {
  const std::string bytes =
      Bytes({
          0x98, 0x06,  // unknown field 99, varint: (99 << 3) | 0 = 792 -> 0x98 (0x18 | 0x80), 0x06
          0x01,        // value 1
          0xd2, 0x01,  // ClientMessage.set_sudo: (26 << 3) | 2 = 210 -> 0xd2 (0x52 | 0x80), 0x01
          0x04,        // length 4
          0x08, 0x01,  // SetSudo.enabled: (1 << 3) | 0 = 0x08; true
          0x10, 0x01,  // unknown SetSudo field 2 (e.g. a newer client's confirm flag); value 1
          0xc2, 0x07,  // unknown field 120, length-delimited: (120 << 3) | 2 = 962 -> 0xc2, 0x07
          0x02,        // length 2, then "hi"
      }) +
      "hi";
  ws::ClientMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.message_case(), ws::ClientMessage::kSetSudo);
  EXPECT_TRUE(parsed.set_sudo().enabled());
  // Kept as unknown fields (fields 99 and 120 at the root, field 2 inside SetSudo).
  EXPECT_EQ(parsed.GetReflection()->GetUnknownFields(parsed).field_count(), 2);
  EXPECT_EQ(parsed.set_sudo().GetReflection()->GetUnknownFields(parsed.set_sudo()).field_count(),
            1);
  EXPECT_EQ(parsed.request_id(), "");
}

TEST(UnknownFields, UnknownVariantLeavesOneofUnset) {
  // A variant from a newer schema: field 99, (99 << 3) | 2 = 794 -> 0x9a 0x06; length 0.
  ws::ClientMessage parsed;
  ASSERT_TRUE(parsed.ParseFromString(Bytes({0x9a, 0x06, 0x00, 0x72, 0x01, 'q'})));
  EXPECT_EQ(parsed.message_case(), ws::ClientMessage::MESSAGE_NOT_SET);
  EXPECT_EQ(parsed.request_id(), "q");  // 0x72 = request_id (field 14), length 1, "q"
}

// The tables of protocol.md 2.4 and 2.5: oneof member name -> field number, nothing more.
void ExpectOneofMatches(const google::protobuf::Descriptor* root,
                        const std::vector<std::pair<std::string, int>>& table) {
  const google::protobuf::OneofDescriptor* oneof = root->FindOneofByName("message");
  ASSERT_NE(oneof, nullptr);
  EXPECT_EQ(oneof->field_count(), static_cast<int>(table.size()));
  for (const auto& [name, number] : table) {
    const google::protobuf::FieldDescriptor* f = root->FindFieldByName(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->number(), number) << name;
    EXPECT_EQ(f->containing_oneof(), oneof) << name;
  }
}

TEST(WireContract, RootFieldNumbersMatchProtocol) {
  // clang-format off
  ExpectOneofMatches(ws::ClientMessage::descriptor(), {
      {"create_market", 1},        {"settle_market", 2},           {"create_order", 3},
      {"cancel_order", 4},         {"out", 5},                     {"make_transfer", 6},
      {"authenticate", 7},         {"act_as", 8},                  {"create_account", 9},
      {"share_ownership", 10},     {"get_full_order_history", 11}, {"get_full_trade_history", 12},
      {"redeem", 13},              {"create_auction", 15},         {"settle_auction", 16},
      {"delete_auction", 17},      {"edit_market", 18},            {"revoke_ownership", 19},
      {"buy_auction", 20},         {"create_market_type", 21},     {"delete_market_type", 22},
      {"create_market_group", 23}, {"get_market_positions", 24},   {"edit_auction", 25},
      {"set_sudo", 26},            {"create_universe", 27},        {"gift", 28},
      {"redistribute_owner_credit", 29}, {"exercise_option", 30},  {"get_option_contracts", 31},
      {"create_redeem_code", 32},  {"claim_redeem_code", 33},      {"get_option_exercises", 100},
      {"get_redeem_codes", 101}});
  ExpectOneofMatches(ws::ServerMessage::descriptor(), {
      {"portfolio_updated", 1},    {"portfolios", 2},              {"market", 3},
      {"market_settled", 4},       {"order_created", 5},           {"orders_cancelled", 6},
      {"transfers", 7},            {"transfer_created", 8},        {"out", 9},
      {"authenticated", 10},       {"request_failed", 11},         {"account_created", 12},
      {"accounts", 13},            {"acting_as", 14},              {"ownership_given", 17},
      {"redeemed", 18},            {"orders", 20},                 {"trades", 21},
      {"auction", 22},             {"auction_settled", 23},        {"auction_deleted", 24},
      {"ownership_revoked", 25},   {"market_type", 26},            {"market_types", 27},
      {"market_type_deleted", 28}, {"market_group", 29},           {"market_groups", 30},
      {"market_positions", 31},    {"sudo_status", 32},            {"universe", 33},
      {"universes", 34},           {"owner_credit_redistributed", 35},
      {"option_exercised", 36},    {"option_contracts", 37},       {"redeem_code_created", 38},
      {"redeem_code_claimed", 39}, {"market_status_changes", 40},  {"option_exercises", 100},
      {"redeem_codes", 101}});
  // clang-format on
  EXPECT_EQ(ws::ClientMessage::descriptor()->FindFieldByName("request_id")->number(), 14);
  EXPECT_EQ(ws::ServerMessage::descriptor()->FindFieldByName("request_id")->number(), 19);
  EXPECT_TRUE(ws::ServerMessage::descriptor()->IsReservedNumber(15));  // "never sent; do not
  EXPECT_TRUE(ws::ServerMessage::descriptor()->IsReservedNumber(16));  // reuse" (2.5)
}

}  // namespace
