// libFuzzer target: arbitrary bytes become a script of logins, protobuf frames and session
// closes, fed through frame decoding, request dispatch, the exchange and SQLite exactly as the
// sequencer runs them (on a temporary database). Crashes, sanitizer reports and broken
// invariants (a crossed book, an exposure cache that disagrees with its rows) are findings.
//
// The exchange runs as one cohort of a multi-cohort server: the input switches the cohort's
// flags (read-only, auctions) and logs people in as members, enrolled newcomers or guests through
// the same admission rule as the login gate, and WebSocket paths go through the cohort router.
//
// Script format, repeated: one op byte, then its operands. Session n = 1 + (op / 8) % 4.
//   op % 8 == 0  login of session n as user "fuzz<n>", admitted by cohorts::decide_admission
//                from op & 0x80 (admin), 0x40 (already a member), 0x20 (a test token that
//                enrols) and the auctions flag; a refused login never reaches the exchange
//   op % 8 == 1  a frame from session n: 16-bit length and bytes, a ClientMessage if it decodes
//   op % 8 == 2  that session closes
//   op % 8 == 3  the batch so far is processed and committed
//   op % 8 == 4  an order-history read of the market named by the next byte
//   op % 8 == 5  the cohort's flags from the next byte: bit 0 read-only, bit 1 auctions enabled
//   op % 8 == 6  a WebSocket target: 8-bit length and bytes, through net::socket_cohort
//   op % 8 == 7  a CreateUniverse (cohorts.md 5.3) from session n: 8-bit length and the name's
//                bytes (made ASCII); universes exist before the mutator finds field 27 in a frame

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/history_requests.h"
#include "cohorts/cohort_rules.h"
#include "engine/batch_processor.h"
#include "messaging/cohort_flags.h"
#include "net/http_handler.h"
#include "store/history_reader.h"

namespace {

using exchange::engine::BatchProcessor;
using exchange::messaging::CohortFlags;
using exchange::messaging::Inbound;

// A single-exchange server's flags (writable, auctions on): each input starts from them, so an
// input's meaning does not depend on the one before it.
void default_flags(CohortFlags& flags) {
  flags.read_only = false;
  flags.auctions_enabled = true;
}

struct Harness {
  Harness() {
    char pattern[] = "/tmp/request-fuzzer-XXXXXX";
    directory = mkdtemp(pattern);
    reset();
  }
  void reset() {
    processor.reset();
    reader.reset();
    db.reset();
    const std::string path = directory + "/exchange.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    db = std::make_unique<exchange::store::Database>(path,
                                                     exchange::store::Database::Access::kReadWrite);
    // The processor reads the flags at every request: the script flips them between batches.
    processor = std::make_unique<BatchProcessor>(*db, /*rate_limits=*/false, exchange::engine::WriterFactory{},
                                                 flags, /*cohort=*/1);
    reader = std::make_unique<exchange::store::HistoryReader>(path);
    runs = 0;
  }
  void check_invariants() const {
    const exchange::Exchange& ex = processor->exchange();
    for (const exchange::Market* market : ex.markets_by_id()) {
      const exchange::OrderBook* book = ex.book(market->id);
      if (book->best_bid() && book->best_offer() && !(*book->best_bid() < *book->best_offer())) {
        __builtin_trap();
      }
    }
    for (const exchange::Account* account : ex.accounts_by_id()) {
      if (account->worst_case_sum != ex.recomputed_worst_case_sum(account->id)) __builtin_trap();
    }
  }

  std::string directory;
  std::shared_ptr<CohortFlags> flags = std::make_shared<CohortFlags>();
  std::unique_ptr<exchange::store::Database> db;
  std::unique_ptr<BatchProcessor> processor;
  std::unique_ptr<exchange::store::HistoryReader> reader;
  int runs = 0;
};

Harness& harness() {
  static Harness instance;
  return instance;
}

void flush(Harness& h, std::vector<Inbound>& batch) {
  BatchProcessor::Result result = h.processor->process(batch);
  for (const exchange::api::HistoryRequest& request : result.history) {
    (void)exchange::api::answer_history(*h.reader, request);
  }
  batch.clear();
}

// The login gate of a cohort (app/cohort_login.cpp) reduced to its rule: nullopt when refused.
std::optional<exchange::messaging::Identity> admit(uint8_t op, exchange::messaging::SessionId session,
                                                   const CohortFlags& flags) {
  exchange::cohorts::AdmissionFacts facts;
  facts.is_admin = (op & 0x80) != 0;
  facts.is_member = (op & 0x40) != 0;
  facts.auto_enrol = (op & 0x20) != 0;
  facts.auctions_enabled = flags.auctions_enabled;
  const exchange::cohorts::Admission admission = exchange::cohorts::decide_admission(facts);
  if (admission == exchange::cohorts::Admission::kRefused) return std::nullopt;
  exchange::messaging::Identity identity;
  identity.subject = "fuzz-subject-" + std::to_string(session);
  identity.name = "fuzz" + std::to_string(session);
  identity.is_admin = facts.is_admin;
  identity.is_cohort_member = admission != exchange::cohorts::Admission::kGuest;
  // One member with an instructor-set starting balance: the membership-balance path.
  if (identity.is_cohort_member && session == 4) identity.initial_balance = "1234.5678";
  return identity;
}

// The router's contract (net/http_handler.h): "" only for /api, a name only under /api/ws/.
void route(std::string_view target) {
  const std::optional<std::string> name = exchange::net::socket_cohort(target);
  if (!name) return;
  const std::string_view path = exchange::net::target_path(target);
  if (name->empty() ? path != "/api" : !path.starts_with("/api/ws/")) __builtin_trap();
  // What the registry does next with a name it may hold: the rule every stored name passed.
  (void)exchange::cohorts::cohort_name_problem(*name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness& h = harness();
  // State carried between inputs finds more, but every login snapshots it: keep it small.
  if (++h.runs > 250) h.reset();
  default_flags(*h.flags);
  std::vector<Inbound> batch;
  size_t at = 0;
  while (at < size) {
    const uint8_t op = data[at++];
    const exchange::messaging::SessionId session = 1 + (op / 8) % 4;
    switch (op % 8) {
      case 0: {
        std::optional<exchange::messaging::Identity> identity = admit(op, session, *h.flags);
        if (!identity) break;
        Inbound login;
        login.kind = Inbound::Kind::kLogin;
        login.session = session;
        login.identity = std::move(*identity);
        login.message.mutable_authenticate()->set_jwt("fuzz");
        batch.push_back(std::move(login));
        break;
      }
      case 1: {
        if (at + 2 > size) break;
        const size_t length = std::min<size_t>(size_t(data[at]) | size_t(data[at + 1]) << 8, size - at - 2);
        at += 2;
        Inbound request;
        request.kind = Inbound::Kind::kRequest;
        request.session = session;
        // What the session layer does: undecodable or empty frames never reach the sequencer.
        if (request.message.ParseFromArray(data + at, int(length)) &&
            request.message.message_case() != websocket_api::ClientMessage::MESSAGE_NOT_SET) {
          batch.push_back(std::move(request));
        }
        at += length;
        break;
      }
      case 2: {
        Inbound closed;
        closed.kind = Inbound::Kind::kClosed;
        closed.session = session;
        batch.push_back(std::move(closed));
        break;
      }
      case 3:
        flush(h, batch);
        break;
      case 4: {
        if (at >= size) break;
        exchange::api::HistoryRequest read;
        read.market = data[at++] % 8;
        (void)exchange::api::answer_history(*h.reader, read);
        break;
      }
      case 5:
        if (at >= size) break;
        h.flags->read_only = (data[at] & 1) != 0;
        h.flags->auctions_enabled = (data[at] & 2) != 0;
        ++at;
        break;
      case 6: {
        if (at >= size) break;
        const size_t length = std::min<size_t>(data[at], size - at - 1);
        route(std::string_view(reinterpret_cast<const char*>(data + at + 1), length));
        at += 1 + length;
        break;
      }
      case 7: {
        if (at >= size) break;
        const size_t length = std::min<size_t>(data[at], size - at - 1);
        Inbound request;
        request.kind = Inbound::Kind::kRequest;
        request.session = session;
        request.message.set_request_id("universe");
        // ASCII only: a frame with a name that is not UTF-8 fails to decode on a real socket,
        // so a request built here must not carry one either.
        std::string name(reinterpret_cast<const char*>(data + at + 1), length);
        for (char& c : name) c = char(c & 0x7f);
        request.message.mutable_create_universe()->set_name(std::move(name));
        batch.push_back(std::move(request));
        at += 1 + length;
        break;
      }
    }
  }
  flush(h, batch);
  h.check_invariants();
  return 0;
}
