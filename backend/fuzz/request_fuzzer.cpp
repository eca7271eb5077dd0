// libFuzzer target: arbitrary bytes become a script of logins, protobuf frames and session
// closes, fed through frame decoding, request dispatch, the exchange and SQLite exactly as the
// sequencer runs them (on a temporary database). Crashes, sanitizer reports and broken
// invariants (a crossed book, an exposure cache that disagrees with its rows) are findings.
//
// Script format, repeated: one op byte, then for frames a 16-bit length and that many bytes.
//   op % 5 == 0  login of session (op / 5) % 4 as user "fuzz<n>" (admin when op & 0x80)
//   op % 5 == 1  a frame from session (op / 5) % 4: decoded as ClientMessage if it can be
//   op % 5 == 2  that session closes
//   op % 5 == 3  the batch so far is processed and committed
//   op % 5 == 4  an order-history read of the market named by the next byte

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/history_requests.h"
#include "engine/batch_processor.h"
#include "store/history_reader.h"

namespace {

using exchange::engine::BatchProcessor;
using exchange::messaging::Inbound;

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
    processor = std::make_unique<BatchProcessor>(*db, /*rate_limits=*/false);
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness& h = harness();
  // State carried between inputs finds more, but every login snapshots it: keep it small.
  if (++h.runs > 250) h.reset();
  std::vector<Inbound> batch;
  size_t at = 0;
  while (at < size) {
    const uint8_t op = data[at++];
    const exchange::messaging::SessionId session = 1 + (op / 5) % 4;
    switch (op % 5) {
      case 0: {
        Inbound login;
        login.kind = Inbound::Kind::kLogin;
        login.session = session;
        login.identity = {"fuzz-subject-" + std::to_string(session), "fuzz" + std::to_string(session),
                          (op & 0x80) != 0};
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
    }
  }
  flush(h, batch);
  h.check_invariants();
  return 0;
}
