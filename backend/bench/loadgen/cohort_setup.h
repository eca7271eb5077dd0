#pragma once
// Cohorts for a load run: one server runs several exchange instances (cohorts), each with its
// own sequencer, so a run may spread its traders over several to load them side by side. A named
// cohort is created through the admin API when missing; its sockets are /api/ws/<name>.

#include <cstdint>
#include <string>
#include <vector>

namespace exchange::loadgen {

// The WebSocket path of a cohort: "" is the default cohort at /api.
std::string cohort_socket_path(const std::string& name);

// Creates the cohort with POST /api/admin/cohorts unless GET /api/cohorts lists it already (runs
// reuse their cohorts), with `admin_token` as the bearer token (a test token of an admin).
// Throws std::runtime_error when the server refuses.
void ensure_cohort(const std::string& host, uint16_t port, const std::string& admin_token,
                   const std::string& name);

// The cohorts a run uses: the --cohort names, then load-1..load-<count>; only the default
// cohort ("") when both are empty.
std::vector<std::string> cohort_names(const std::vector<std::string>& named, int count);

}  // namespace exchange::loadgen
