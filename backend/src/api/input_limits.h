#pragma once
// How long the strings and lists of a request may be (issue 13). Everything a client sends is
// kept, published to other clients and replayed in every login snapshot, so each field has a
// limit generous for real use and small enough that no student can make the state, or one
// broadcast, large enough to shut others out. docs/limits.md lists them for users.

#include <cstddef>

namespace exchange::api {

// Names of accounts (users and alts), markets, auctions, categories and groups, in characters
// (Unicode code points after NFKC normalisation).
constexpr size_t kMaxNameChars = 64;
// Names of universes follow kMaxNameChars too.
// Descriptions of markets, auctions, categories, groups and universes.
constexpr size_t kMaxDescriptionChars = 10'000;
// A transfer's note.
constexpr size_t kMaxNoteChars = 500;
// An auction's image file name (made by the server's upload route: a hash and an extension).
constexpr size_t kMaxImageFilenameChars = 128;
// A request id is copied into every result of the request, broadcasts included.
constexpr size_t kMaxRequestIdBytes = 256;
// Accounts in a market's visible_to list, and constituents of a fund.
constexpr size_t kMaxVisibleTo = 1'000;
constexpr size_t kMaxConstituents = 100;
// Contributors of one split auction settlement.
constexpr size_t kMaxAuctionContributions = 1'000;

}  // namespace exchange::api
