#pragma once
// The protocol's exact text for each of core's refusals (rules.md Appendix A). Clients match
// on these strings, so they never change.

#include <string_view>

#include "core/refusal.h"

namespace exchange::api {

std::string_view refusal_text(Refusal refusal);

}  // namespace exchange::api
