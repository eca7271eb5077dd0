#pragma once
// Log records as JSON lines (issue 20), for log collectors: one object per line,
//   {"time":"2026-12-05T12:00:00.123Z","level":"info","message":"..."}
// with the message escaped as a JSON string, so that no text a user chose (a name, a token
// fragment in an error) can break a line or forge a field.

#include <chrono>
#include <string>
#include <string_view>

namespace exchange::app {

std::string json_log_line(std::chrono::system_clock::time_point time, std::string_view level,
                          std::string_view message);

// Makes every later spdlog record a JSON line.
void use_json_logs();

}  // namespace exchange::app
