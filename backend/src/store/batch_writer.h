#pragma once
// Writes one batch's WriteSet in a single SQLite transaction (group commit). Either every row
// of the batch is stored, or (on any failure, which throws StoreError) none is.

#include <memory>

#include "core/exchange.h"
#include "store/database.h"
#include "store/write_set.h"

namespace exchange::store {

class BatchWriter {
 public:
  explicit BatchWriter(Database& db);
  virtual ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Mutable rows are written with their current values in `exchange`.
  virtual void commit(const WriteSet& changes, const Exchange& exchange);

 private:
  struct Statements;
  void write(const WriteSet& changes, const Exchange& exchange);
  void write_market(const Market& market, bool is_new);
  void write_categories(const WriteSet& changes, const Exchange& exchange);
  void write_auctions(const WriteSet& changes, const Exchange& exchange);
  void write_options(const WriteSet& changes, const Exchange& exchange);
  void write_redeem_codes(const WriteSet& changes, const Exchange& exchange);  // redeem_code_rows.cpp

  Database& db_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace exchange::store
