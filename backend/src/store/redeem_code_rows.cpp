// Reading and writing the redeem_code table.

#include <set>

#include "store/batch_writer.h"
#include "store/redeem_code_rows.h"
#include "store/text_decimal.h"

namespace exchange::store {
namespace {

std::optional<Timestamp> optional_time(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return Timestamp{row.int_at(column)};
}

}  // namespace

void load_redeem_codes(Database& db, Exchange& exchange) {
  Statement row = db.prepare(
      "SELECT id, code, amount, created_by, created_at, expires_at, redeemed_by, redeemed_at,"
      " redeem_transfer_id FROM redeem_code ORDER BY id");
  while (row.step()) {
    RedeemCode code;
    code.id = row.int_at(0);
    code.code = std::string(row.text_at(1));
    code.amount = money_from_text(row.text_at(2));
    code.creator = row.int_at(3);
    code.created = Timestamp{row.int_at(4)};
    code.expires = optional_time(row, 5);
    code.redeemed_by = row.is_null(6) ? 0 : row.int_at(6);
    code.redeemed_at = optional_time(row, 7);
    code.transfer = row.is_null(8) ? 0 : row.int_at(8);
    exchange.restore_redeem_code(std::move(code));
  }
}

// Codes change only by minting and claiming, a few per batch at most: the statement is prepared
// when a batch has any, instead of on every batch.
void BatchWriter::write_redeem_codes(const WriteSet& changes, const Exchange& exchange) {
  if (changes.redeem_codes.empty()) return;
  Statement upsert = db_.prepare(
      "INSERT OR REPLACE INTO redeem_code (id, code, amount, created_by, created_at, expires_at,"
      " redeemed_by, redeemed_at, redeem_transfer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (RedeemCodeId id : std::set<RedeemCodeId>(changes.redeem_codes.begin(),
                                                changes.redeem_codes.end())) {
    const RedeemCode* code = exchange.redeem_code_by_id(id);
    if (code == nullptr) continue;  // unreachable: codes are never deleted
    upsert.bind(1, code->id)
        .bind(2, code->code)
        .bind(3, to_string(code->amount))
        .bind(4, code->creator)
        .bind(5, code->created.micros);
    if (code->expires) upsert.bind(6, code->expires->micros); else upsert.bind_null(6);
    if (code->claimed()) {
      upsert.bind(7, code->redeemed_by).bind(8, code->redeemed_at->micros).bind(9, code->transfer);
    } else {
      upsert.bind_null(7).bind_null(8).bind_null(9);
    }
    upsert.run();
  }
}

}  // namespace exchange::store
